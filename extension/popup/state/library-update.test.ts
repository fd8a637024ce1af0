import { describe, expect, it } from 'vitest';
import type { Library, Playlist, Video } from '../../../shared/protocol';
import { withPlaylist, withVideo, withoutPlaylist, withoutVideo } from './library-update';

const video = (id: number, addedAt: number, title = `Video ${id}`): Video => ({
  id,
  youtubeId: `aaaaaaaaa${String(id).padStart(2, '0')}`,
  title,
  channel: null,
  inviteKey: 'abcdefghijklmnopqrstuvwxyz',
  addedAt,
  watchLater: false,
});
const playlist = (id: number, createdAt: number, items: number[]): Playlist => ({
  id,
  title: `List ${id}`,
  inviteKey: 'bcdefghijklmnopqrstuvwxyza',
  createdAt,
  items,
});

const library: Library = {
  videos: [video(3, 300), video(2, 200), video(1, 100)],
  playlists: [playlist(2, 20, [1, 3]), playlist(1, 10, [2])],
};

describe('library updates', () => {
  it('replaces a video in place and keeps newest first', () => {
    const renamed = withVideo(library, video(2, 200, 'Renamed'));
    expect(renamed.videos.map((v) => v.title)).toEqual(['Video 3', 'Renamed', 'Video 1']);
    const added = withVideo(library, video(4, 400));
    expect(added.videos.map((v) => v.id)).toEqual([4, 3, 2, 1]);
  });

  it('puts a restored video back where its date says', () => {
    const restored = withVideo(withoutVideo(library, 2), video(2, 200));
    expect(restored.videos.map((v) => v.id)).toEqual([3, 2, 1]);
  });

  it('removes a deleted video from playlists too', () => {
    const next = withoutVideo(library, 1);
    expect(next.videos.map((v) => v.id)).toEqual([3, 2]);
    expect(next.playlists[0]!.items).toEqual([3]);
    expect(next.playlists[1]).toBe(library.playlists[1]);
  });

  it('adds, replaces and removes playlists, newest first', () => {
    expect(withPlaylist(library, playlist(3, 30, [])).playlists.map((p) => p.id)).toEqual([
      3, 2, 1,
    ]);
    expect(withPlaylist(library, playlist(1, 10, [2, 3])).playlists[1]!.items).toEqual([2, 3]);
    expect(withoutPlaylist(library, 2).playlists.map((p) => p.id)).toEqual([1]);
  });
});
