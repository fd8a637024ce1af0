import { describe, expect, it } from 'vitest';
import {
  buildLibraryExport,
  EXPORT_FORMAT,
  EXPORT_VERSION,
  readLibraryExport,
} from './library-export';
import { MAX_LIBRARY_VIDEOS, type Library } from './protocol';

const LIBRARY: Library = {
  videos: [
    {
      id: 7,
      youtubeId: 'dQw4w9WgXcQ',
      title: 'Rick',
      channel: 'Rick Astley',
      inviteKey: 'a'.repeat(26),
      addedAt: 2000,
      watchLater: true,
    },
    {
      id: 3,
      youtubeId: 'jNQXAC9IVRw',
      title: 'Zoo',
      channel: null,
      inviteKey: 'b'.repeat(26),
      addedAt: 1000,
      watchLater: false,
    },
  ],
  playlists: [
    { id: 2, title: 'Mix', inviteKey: 'c'.repeat(26), createdAt: 3000, items: [3, 7, 99] },
  ],
};

describe('buildLibraryExport', () => {
  it('writes videos without local ids or keys and playlists by YouTube id', () => {
    const file = buildLibraryExport(LIBRARY, 5000);
    expect(file).toEqual({
      format: EXPORT_FORMAT,
      version: EXPORT_VERSION,
      exportedAt: 5000,
      videos: [
        {
          youtubeId: 'dQw4w9WgXcQ',
          title: 'Rick',
          channel: 'Rick Astley',
          watchLater: true,
          addedAt: 2000,
        },
        { youtubeId: 'jNQXAC9IVRw', title: 'Zoo', channel: null, watchLater: false, addedAt: 1000 },
      ],
      // An item whose video is not in the library is left out.
      playlists: [{ title: 'Mix', items: ['jNQXAC9IVRw', 'dQw4w9WgXcQ'] }],
    });
    expect(JSON.stringify(file)).not.toContain('a'.repeat(26));
  });

  it('is read back whole', () => {
    const file = buildLibraryExport(LIBRARY, 5000);
    expect(readLibraryExport(JSON.parse(JSON.stringify(file)))).toEqual({
      ok: true,
      videos: file.videos,
      playlists: file.playlists,
      skipped: [],
    });
  });
});

describe('readLibraryExport', () => {
  it('refuses files whose outer shape is wrong', () => {
    const file = buildLibraryExport(LIBRARY, 5000);
    expect(readLibraryExport({ ...file, format: 'other' })).toEqual({
      ok: false,
      error: 'format: not a We Watch library file',
    });
    expect(readLibraryExport({ ...file, version: 2 })).toEqual({
      ok: false,
      error: `version: only version ${EXPORT_VERSION} files can be imported`,
    });
    expect(readLibraryExport(null)).toMatchObject({ ok: false });
    expect(readLibraryExport('we-watch-library')).toMatchObject({ ok: false });
    const tooMany = Array.from({ length: MAX_LIBRARY_VIDEOS + 1 }, () => ({}));
    expect(readLibraryExport({ ...file, videos: tooMany })).toEqual({
      ok: false,
      error: `videos: more than ${MAX_LIBRARY_VIDEOS} videos`,
    });
  });

  it('defaults missing lists, channels and marks', () => {
    expect(
      readLibraryExport({
        format: EXPORT_FORMAT,
        version: EXPORT_VERSION,
        videos: [{ youtubeId: 'jNQXAC9IVRw', title: ' Zoo ' }],
      }),
    ).toEqual({
      ok: true,
      videos: [{ youtubeId: 'jNQXAC9IVRw', title: 'Zoo', channel: null, watchLater: false }],
      playlists: [],
      skipped: [],
    });
  });

  it('skips bad and repeated entries, naming each with why', () => {
    const read = readLibraryExport({
      format: EXPORT_FORMAT,
      version: EXPORT_VERSION,
      videos: [
        { youtubeId: 'jNQXAC9IVRw', title: 'Zoo' },
        { youtubeId: 'short', title: 'Bad id' },
        { youtubeId: 'jNQXAC9IVRw', title: 'Zoo twice' },
        'not an object',
        { youtubeId: 'dQw4w9WgXcQ', title: '' },
      ],
      playlists: [
        { title: 'Mix', items: ['jNQXAC9IVRw'] },
        { title: 'Mix', items: [] },
        { title: 'Bad item', items: ['nope'] },
      ],
    });
    expect(read).toEqual({
      ok: true,
      videos: [{ youtubeId: 'jNQXAC9IVRw', title: 'Zoo', channel: null, watchLater: false }],
      playlists: [{ title: 'Mix', items: ['jNQXAC9IVRw'] }],
      skipped: [
        { entry: 'videos[1]', reason: 'youtubeId: invalid YouTube id' },
        { entry: 'videos[2]', reason: 'the same video appears earlier in the file' },
        { entry: 'videos[3]', reason: expect.any(String) as unknown },
        { entry: 'videos[4]', reason: expect.stringMatching(/^title: /) as unknown },
        { entry: 'playlists[1]', reason: 'a playlist with this title appears earlier in the file' },
        { entry: 'playlists[2]', reason: 'items.0: invalid YouTube id' },
      ],
    });
  });
});
