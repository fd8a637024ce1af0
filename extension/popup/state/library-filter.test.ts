import { describe, expect, it } from 'vitest';
import type { Video } from '../../../shared/protocol';
import { filterVideos, firstPages } from './library-filter';

function video(id: number, title: string, channel: string | null, watchLater = false): Video {
  return {
    id,
    youtubeId: `aaaaaaaaa${String(id).padStart(2, '0')}`,
    title,
    channel,
    inviteKey: 'abcdefghijklmnopqrstuvwxyz',
    addedAt: 1_700_000_000_000 - id,
    watchLater,
  };
}

const videos = [
  video(1, 'Sync Test Pattern A', 'We Watch Tests', true),
  video(2, 'Short Clip C', 'Clips & Co'),
  video(3, 'Cooking with Ana', null),
];

describe('filterVideos', () => {
  it('keeps everything for an empty query', () => {
    expect(filterVideos(videos, { query: '  ', watchLaterOnly: false })).toEqual(videos);
  });

  it('matches title or channel, ignoring case', () => {
    const ids = (query: string) =>
      filterVideos(videos, { query, watchLaterOnly: false }).map((v) => v.id);
    expect(ids('clip')).toEqual([2]);
    expect(ids('WE WATCH')).toEqual([1]);
    expect(ids('co')).toEqual([2, 3]);
    expect(ids('nothing like it')).toEqual([]);
  });

  it('needs every word, in any order', () => {
    const found = filterVideos(videos, { query: 'tests pattern', watchLaterOnly: false });
    expect(found.map((v) => v.id)).toEqual([1]);
  });

  it('keeps only watch-later entries when asked, with the query too', () => {
    expect(filterVideos(videos, { query: '', watchLaterOnly: true }).map((v) => v.id)).toEqual([1]);
    expect(filterVideos(videos, { query: 'clip', watchLaterOnly: true })).toEqual([]);
  });

  it('stays fast on a full library', () => {
    const many = Array.from({ length: 5000 }, (_, i) => video(i + 1, `Video number ${i}`, 'Ch'));
    const started = performance.now();
    expect(filterVideos(many, { query: 'number 4999', watchLaterOnly: false })).toHaveLength(1);
    expect(performance.now() - started).toBeLessThan(50);
  });
});

describe('firstPages', () => {
  const items = Array.from({ length: 120 }, (_, i) => i);

  it('shows whole pages and counts what is left', () => {
    expect(firstPages(items, 1)).toEqual({ shown: items.slice(0, 50), more: 70 });
    expect(firstPages(items, 2).more).toBe(20);
    expect(firstPages(items, 3)).toEqual({ shown: items, more: 0 });
  });

  it('shows at least one page', () => {
    expect(firstPages(items, 0, 10).shown).toHaveLength(10);
  });
});
