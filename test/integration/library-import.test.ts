import * as v from 'valibot';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { EXPORT_FORMAT, EXPORT_VERSION } from '../../shared/library-export';
import { ImportReportSchema, LibrarySchema, MAX_BODY_BYTES } from '../../shared/protocol';
import type { RunningRelay } from '../../server/relay-server';
import { api, apiError, createPlaylist, newSession, saveVideo, youtubeId } from '../support/api';
import { startTestRelay } from './harness';

let relay: RunningRelay;

beforeEach(async () => {
  relay = await startTestRelay();
});
afterEach(() => relay.close());

function importFile(session: string, file: unknown) {
  return api(relay, '/api/library/import', { body: file, session });
}

async function libraryOf(session: string) {
  return v.parse(LibrarySchema, (await api(relay, '/api/library', { session })).json);
}

const FILE = {
  format: EXPORT_FORMAT,
  version: EXPORT_VERSION,
  exportedAt: 1_700_000_000_000,
  videos: [
    { youtubeId: 'jNQXAC9IVRw', title: 'Zoo', channel: 'jawed', addedAt: 1_600_000_000_000 },
    { youtubeId: 'not an id', title: 'Broken' },
    { youtubeId: 'dQw4w9WgXcQ', title: 'Rick (from file)', watchLater: true, channel: 'Rick' },
    { youtubeId: 'jNQXAC9IVRw', title: 'Zoo again' },
    { youtubeId: 'aqz-KE-bpKQ', title: 'Bunny', watchLater: true, addedAt: 1_500_000_000_000 },
  ],
  playlists: [
    { title: 'Trip', items: ['aqz-KE-bpKQ', 'jNQXAC9IVRw', 'xxxxxxxxxxx', 'aqz-KE-bpKQ'] },
    { title: 'Existing', items: ['jNQXAC9IVRw'] },
    { items: [] },
    { title: 'Empty', items: [] },
  ],
};

describe('POST /api/library/import', () => {
  it('refuses files whose outer shape is wrong with 400 and why', async () => {
    const { session } = await newSession(relay);
    const cases: [unknown, RegExp][] = [
      [{ ...FILE, format: 'something-else' }, /not a We Watch library file/],
      [{ ...FILE, version: 2 }, /only version 1 files/],
      [{ ...FILE, videos: 'nope' }, /videos/],
      [[], /.+/],
    ];
    for (const [file, detail] of cases) {
      const answer = await importFile(session, file);
      expect(answer.status).toBe(400);
      expect(apiError(answer.json)).toMatchObject({ code: 'bad_request', detail });
    }
    const notJson = await api(relay, '/api/library/import', { raw: '{"format":', session });
    expect(notJson.status).toBe(400);
    expect(apiError(notJson.json).code).toBe('bad_request');
    expect(await libraryOf(session)).toEqual({ videos: [], playlists: [] });
    expect((await importFile('x'.repeat(43), FILE)).status).toBe(401);
  });

  it('imports the good entries, keeps the user’s own and reports every skip', async () => {
    const { session } = await newSession(relay);
    const rick = await saveVideo(relay, session, { youtubeId: 'dQw4w9WgXcQ', title: 'My Rick' });
    await createPlaylist(relay, session, 'Existing', [rick.id]);

    const answer = await importFile(session, FILE);
    expect(answer.status).toBe(200);
    const report = v.parse(ImportReportSchema, answer.json);
    expect(report).toMatchObject({ videosAdded: 2, videosAlreadySaved: 1, playlistsAdded: 2 });
    expect(report.skipped).toEqual([
      { entry: 'videos[1]', reason: expect.stringMatching(/youtubeId/) as unknown },
      { entry: 'videos[3]', reason: 'the same video appears earlier in the file' },
      { entry: 'playlists[2]', reason: expect.stringMatching(/title/) as unknown },
      {
        entry: 'playlist "Trip" item xxxxxxxxxxx',
        reason: 'video xxxxxxxxxxx is not in your library',
      },
      {
        entry: 'playlist "Trip" item aqz-KE-bpKQ',
        reason: 'the same video appears earlier in this playlist',
      },
      { entry: 'playlist "Existing"', reason: 'a playlist with this title already exists' },
    ]);

    const library = await libraryOf(session);
    const byYoutube = new Map(library.videos.map((video) => [video.youtubeId, video]));
    // The user's entry keeps its title; the file only fills its channel and watch-later mark.
    expect(byYoutube.get('dQw4w9WgXcQ')).toEqual({ ...rick, channel: 'Rick', watchLater: true });
    expect(byYoutube.get('jNQXAC9IVRw')).toMatchObject({
      title: 'Zoo',
      channel: 'jawed',
      watchLater: false,
      addedAt: 1_600_000_000_000,
    });
    expect(byYoutube.get('aqz-KE-bpKQ')).toMatchObject({ title: 'Bunny', watchLater: true });
    expect(library.videos.map((video) => video.youtubeId)).toEqual([
      'dQw4w9WgXcQ',
      'jNQXAC9IVRw',
      'aqz-KE-bpKQ',
    ]);
    const trip = library.playlists.find((playlist) => playlist.title === 'Trip');
    expect(trip?.items).toEqual([
      byYoutube.get('aqz-KE-bpKQ')?.id,
      byYoutube.get('jNQXAC9IVRw')?.id,
    ]);
    expect(library.playlists.map((playlist) => playlist.title).sort()).toEqual([
      'Empty',
      'Existing',
      'Trip',
    ]);

    // Imported playlists get invite keys like any other.
    const lookup = await api(relay, '/api/invites/lookup', { body: { key: trip?.inviteKey } });
    expect(lookup.json).toEqual({
      kind: 'playlist',
      title: 'Trip',
      items: [
        { youtubeId: 'aqz-KE-bpKQ', title: 'Bunny' },
        { youtubeId: 'jNQXAC9IVRw', title: 'Zoo' },
      ],
    });
  });

  it('duplicates nothing when the same file is imported twice', async () => {
    const { session } = await newSession(relay);
    await importFile(session, FILE);
    const before = await libraryOf(session);
    const again = v.parse(ImportReportSchema, (await importFile(session, FILE)).json);
    expect(again).toMatchObject({ videosAdded: 0, videosAlreadySaved: 3, playlistsAdded: 0 });
    expect(
      again.skipped.filter((skip) => skip.reason === 'a playlist with this title already exists'),
    ).toHaveLength(3);
    expect(await libraryOf(session)).toEqual(before);
  });

  it('accepts a file larger than other requests may be', async () => {
    const { session } = await newSession(relay);
    const videos = Array.from({ length: 300 }, (_, i) => ({
      youtubeId: youtubeId(i),
      title: `Video number ${i} with a title long enough to make the file big`,
    }));
    const file = { ...FILE, videos, playlists: [] };
    expect(JSON.stringify(file).length).toBeGreaterThan(MAX_BODY_BYTES);
    const answer = await importFile(session, file);
    expect(answer.status).toBe(200);
    expect(answer.json).toMatchObject({ videosAdded: 300, skipped: [] });
    const library = await libraryOf(session);
    // Entries without a date keep the file's order, newest first.
    expect(library.videos.map((video) => video.youtubeId)).toEqual(videos.map((e) => e.youtubeId));
    // Other routes keep the small limit.
    const big = await api(relay, '/api/playlists', {
      body: { title: 'x'.repeat(MAX_BODY_BYTES) },
      session,
    });
    expect(big.status).toBe(413);
  });
});
