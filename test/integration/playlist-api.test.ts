import * as v from 'valibot';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { INVITE_KEY_PATTERN } from '../../shared/invite-key';
import { PlaylistSchema, type Playlist } from '../../shared/protocol';
import type { RunningRelay } from '../../server/relay-server';
import { api, apiError, createPlaylist, newSession, saveVideo } from '../support/api';
import { startTestRelay } from './harness';

let relay: RunningRelay;

beforeEach(async () => {
  relay = await startTestRelay();
});
afterEach(() => relay.close());

const PLAYLIST_NOT_FOUND = { error: { code: 'playlist_not_found' } };

/** A user with three saved videos. */
async function userWithVideos() {
  const { session } = await newSession(relay);
  const zoo = await saveVideo(relay, session, { youtubeId: 'jNQXAC9IVRw', title: 'Zoo' });
  const rick = await saveVideo(relay, session, { youtubeId: 'dQw4w9WgXcQ', title: 'Rick' });
  const bunny = await saveVideo(relay, session, { youtubeId: 'aqz-KE-bpKQ', title: 'Bunny' });
  return { session, zoo, rick, bunny };
}

describe('creating and reading playlists', () => {
  it('creates empty playlists with their own ids and invite keys, newest first', async () => {
    const { session } = await newSession(relay);
    const created = await api(relay, '/api/playlists', { body: { title: ' Road trip ' }, session });
    expect(created.status).toBe(201);
    const first = v.parse(PlaylistSchema, created.json);
    expect(first).toMatchObject({ id: 1, title: 'Road trip', items: [] });
    expect(first.inviteKey).toMatch(INVITE_KEY_PATTERN);
    expect(first.createdAt).toBeGreaterThan(Date.now() - 60_000);
    const second = await createPlaylist(relay, session, 'Later');
    expect(second.id).toBe(2);
    expect(second.inviteKey).not.toBe(first.inviteKey);

    expect((await api(relay, '/api/playlists', { session })).json).toEqual({
      playlists: [second, first],
    });
    expect((await api(relay, `/api/playlists/${first.id}`, { session })).json).toEqual(first);

    const renamed = await api(relay, `/api/playlists/${first.id}`, {
      method: 'PATCH',
      body: { title: 'Long drive' },
      session,
    });
    expect(renamed).toMatchObject({ status: 200, json: { ...first, title: 'Long drive' } });

    const untitled = await api(relay, '/api/playlists', { body: { title: '  ' }, session });
    expect(untitled.status).toBe(400);
    expect(apiError(untitled.json).code).toBe('bad_request');
  });

  it('answers another user 404 on every route by id, as for a missing playlist', async () => {
    const owner = await userWithVideos();
    const other = await userWithVideos();
    const playlist = await createPlaylist(relay, owner.session, 'Mine', [owner.zoo.id]);
    const calls: { path: string; method?: string; body?: unknown }[] = [
      { path: '' },
      { path: '', method: 'PATCH', body: { title: 'Theirs' } },
      { path: '/items', method: 'POST', body: { videoId: other.rick.id } },
      { path: '/items', method: 'PUT', body: { items: [owner.zoo.id] } },
      { path: `/items/${owner.zoo.id}`, method: 'DELETE' },
      { path: '', method: 'DELETE' },
    ];
    for (const call of calls) {
      for (const id of [String(playlist.id), '99999', 'x1']) {
        const path = `/api/playlists/${id}${call.path}`;
        const answer = await api(relay, path, { ...call, session: other.session });
        expect(answer.status, `${call.method ?? 'GET'} ${path}`).toBe(404);
        expect(answer.json, `${call.method ?? 'GET'} ${path}`).toEqual(PLAYLIST_NOT_FOUND);
      }
    }
    expect(
      (await api(relay, `/api/playlists/${playlist.id}`, { session: owner.session })).json,
    ).toEqual(playlist);

    await api(relay, `/api/playlists/${playlist.id}`, {
      method: 'DELETE',
      session: owner.session,
    });
    const restore = await api(relay, `/api/playlists/${playlist.id}/restore`, {
      method: 'POST',
      session: other.session,
    });
    expect(restore.status).toBe(404);
    expect(restore.json).toEqual({ error: { code: 'nothing_to_restore' } });
  });
});

describe('playlist items', () => {
  it('adds the owner’s videos once each, removes them, and refuses others’ videos', async () => {
    const { session, zoo, rick } = await userWithVideos();
    const stranger = await userWithVideos();
    const playlist = await createPlaylist(relay, session, 'Mix');
    const add = (videoId: number) =>
      api(relay, `/api/playlists/${playlist.id}/items`, { body: { videoId }, session });

    expect(await add(rick.id)).toMatchObject({ status: 200, json: { items: [rick.id] } });
    expect((await add(zoo.id)).json).toMatchObject({ items: [rick.id, zoo.id] });
    const duplicate = await add(rick.id);
    expect(duplicate.status).toBe(409);
    expect(duplicate.json).toEqual({ error: { code: 'already_in_playlist' } });
    for (const videoId of [stranger.zoo.id, 99999]) {
      const foreign = await add(videoId);
      expect(foreign.status).toBe(404);
      expect(foreign.json).toEqual({ error: { code: 'video_not_found' } });
    }

    const removed = await api(relay, `/api/playlists/${playlist.id}/items/${rick.id}`, {
      method: 'DELETE',
      session,
    });
    expect(removed).toMatchObject({ status: 200, json: { items: [zoo.id] } });
    const removedAgain = await api(relay, `/api/playlists/${playlist.id}/items/${rick.id}`, {
      method: 'DELETE',
      session,
    });
    expect(removedAgain).toMatchObject({ status: 200, json: { items: [zoo.id] } });
  });

  it('reorders with a permutation of the items and refuses any other set with 409', async () => {
    const { session, zoo, rick, bunny } = await userWithVideos();
    const playlist = await createPlaylist(relay, session, 'Mix', [zoo.id, rick.id, bunny.id]);
    const reorder = (items: number[]) =>
      api(relay, `/api/playlists/${playlist.id}/items`, {
        method: 'PUT',
        body: { items },
        session,
      });

    const moved = await reorder([bunny.id, zoo.id, rick.id]);
    expect(moved).toMatchObject({ status: 200, json: { items: [bunny.id, zoo.id, rick.id] } });

    // Someone else removed Rick meanwhile: an order computed from the old list must not win.
    await api(relay, `/api/playlists/${playlist.id}/items/${rick.id}`, {
      method: 'DELETE',
      session,
    });
    for (const stale of [
      [rick.id, bunny.id, zoo.id],
      [bunny.id],
      [bunny.id, bunny.id],
      [zoo.id, bunny.id, 99999],
    ]) {
      const refused = await reorder(stale);
      expect(refused.status, JSON.stringify(stale)).toBe(409);
      expect(refused.json).toEqual({ error: { code: 'playlist_changed' } });
    }
    const read = v.parse(
      PlaylistSchema,
      (await api(relay, `/api/playlists/${playlist.id}`, { session })).json,
    );
    expect(read.items).toEqual([bunny.id, zoo.id]);
    expect((await reorder([zoo.id, bunny.id])).json).toMatchObject({ items: [zoo.id, bunny.id] });
  });
});

describe('playlist invite keys', () => {
  async function lookup(key: string) {
    return api(relay, '/api/invites/lookup', { body: { key } });
  }

  it('open the playlist read-only for anyone, with item titles in order', async () => {
    const { session, zoo, rick, bunny } = await userWithVideos();
    const playlist = await createPlaylist(relay, session, 'Mix', [bunny.id, zoo.id, rick.id]);
    const found = await lookup(playlist.inviteKey);
    expect(found.status).toBe(200);
    expect(found.json).toEqual({
      kind: 'playlist',
      title: 'Mix',
      items: [
        { youtubeId: 'aqz-KE-bpKQ', title: 'Bunny' },
        { youtubeId: 'jNQXAC9IVRw', title: 'Zoo' },
        { youtubeId: 'dQw4w9WgXcQ', title: 'Rick' },
      ],
    });
    // Following the video's own changes.
    await api(relay, `/api/videos/${zoo.id}`, {
      method: 'PATCH',
      body: { title: 'Zoo!' },
      session,
    });
    await api(relay, `/api/videos/${rick.id}`, { method: 'DELETE', session });
    expect((await lookup(playlist.inviteKey)).json).toEqual({
      kind: 'playlist',
      title: 'Mix',
      items: [
        { youtubeId: 'aqz-KE-bpKQ', title: 'Bunny' },
        { youtubeId: 'jNQXAC9IVRw', title: 'Zoo!' },
      ],
    });
  });

  it('stop working when the playlist is deleted and work again once it is restored', async () => {
    const { session, zoo, rick } = await userWithVideos();
    const playlist = await createPlaylist(relay, session, 'Mix', [zoo.id, rick.id]);
    const deleted = await api(relay, `/api/playlists/${playlist.id}`, {
      method: 'DELETE',
      session,
    });
    expect(deleted.status).toBe(204);
    const gone = await lookup(playlist.inviteKey);
    expect(gone.status).toBe(404);
    expect(gone.json).toEqual((await lookup('a'.repeat(26))).json);
    expect((await api(relay, `/api/playlists/${playlist.id}`, { session })).status).toBe(404);
    expect((await api(relay, '/api/playlists', { session })).json).toEqual({ playlists: [] });

    // A video deleted while the playlist is in the trash does not come back with it.
    await api(relay, `/api/videos/${rick.id}`, { method: 'DELETE', session });
    const restored = await api(relay, `/api/playlists/${playlist.id}/restore`, {
      method: 'POST',
      session,
    });
    expect(restored.status).toBe(200);
    const back: Playlist = v.parse(PlaylistSchema, restored.json);
    expect(back).toEqual({ ...playlist, items: [zoo.id] });
    expect((await lookup(playlist.inviteKey)).json).toEqual({
      kind: 'playlist',
      title: 'Mix',
      items: [{ youtubeId: 'jNQXAC9IVRw', title: 'Zoo' }],
    });
    const twice = await api(relay, `/api/playlists/${playlist.id}/restore`, {
      method: 'POST',
      session,
    });
    expect(twice.status).toBe(404);
  });
});
