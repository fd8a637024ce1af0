import { Redis } from 'ioredis';
import * as v from 'valibot';
import { afterEach, beforeEach, describe, expect, inject, it } from 'vitest';
import { EXPORT_FORMAT, EXPORT_VERSION } from '../../shared/library-export';
import {
  CloseCode,
  LibrarySchema,
  MAX_LIBRARY_VIDEOS,
  MAX_PLAYLIST_ITEMS,
  MAX_PLAYLISTS,
  VideoSchema,
} from '../../shared/protocol';
import type { RunningRelay } from '../../server/relay-server';
import { api, apiError, createPlaylist, newSession, saveVideo } from '../support/api';
import { freshPrefix } from '../support/relay';
import { startTestRelay, TestClient } from './harness';

let relay: RunningRelay;
let prefix: string;

beforeEach(async () => {
  prefix = freshPrefix();
  relay = await startTestRelay({ KEY_PREFIX: prefix });
});
afterEach(() => relay.close());

const ZOO = { youtubeId: 'jNQXAC9IVRw', title: 'Me at the zoo' };
const RICK = { youtubeId: 'dQw4w9WgXcQ', title: 'Never gonna' };
const NOT_FOUND = { error: { code: 'video_not_found' } };

describe('saving videos', () => {
  it('keeps one entry per YouTube id, updating its title and channel', async () => {
    const { session } = await newSession(relay);
    const first = await api(relay, '/api/videos', {
      body: { ...ZOO, channel: 'jawed' },
      session,
    });
    expect(first.status).toBe(201);
    expect(first.json).toMatchObject({ channel: 'jawed', watchLater: false });
    const again = await api(relay, '/api/videos', {
      body: { ...ZOO, title: 'Zoo', channel: 'Jawed Karim' },
      session,
    });
    expect(again.status).toBe(200);
    expect(again.json).toEqual({
      ...v.parse(VideoSchema, first.json),
      title: 'Zoo',
      channel: 'Jawed Karim',
    });
    const list = await api(relay, '/api/videos', { session });
    expect(list.status).toBe(200);
    expect(
      v.parse(LibrarySchema.entries.videos, (list.json as { videos: unknown }).videos),
    ).toEqual([again.json]);
  });

  it('keeps one entry when the same video is saved many times at once', async () => {
    const { session } = await newSession(relay);
    const answers = await Promise.all(
      Array.from({ length: 8 }, () => api(relay, '/api/videos', { body: ZOO, session })),
    );
    expect(answers.map((answer) => answer.status).sort()).toEqual([
      200, 200, 200, 200, 200, 200, 200, 201,
    ]);
    const ids = new Set(answers.map((answer) => v.parse(VideoSchema, answer.json).id));
    expect(ids.size).toBe(1);
    const list = await api(relay, '/api/videos', { session });
    expect((list.json as { videos: unknown[] }).videos).toHaveLength(1);
  });

  it('lists a user’s videos newest first, and only theirs', async () => {
    const { session } = await newSession(relay);
    const other = await newSession(relay);
    const zoo = await saveVideo(relay, session, ZOO);
    const rick = await saveVideo(relay, session, RICK);
    await saveVideo(relay, other.session, ZOO);
    const list = await api(relay, '/api/videos', { session });
    expect(list.json).toEqual({ videos: [rick, zoo] });
  });

  it('reads entries stored before channels and watch-later marks existed', async () => {
    const { session } = await newSession(relay);
    const video = await saveVideo(relay, session, { ...ZOO, channel: 'jawed' });
    const redis = new Redis(inject('redisUrl'));
    try {
      await redis.hdel(`${prefix}video:${video.id}`, 'channel', 'watchLater');
    } finally {
      redis.disconnect();
    }
    const read = await api(relay, `/api/videos/${video.id}`, { session });
    expect(read.json).toEqual({ ...video, channel: null, watchLater: false });
  });
});

describe('PATCH /api/videos/:id', () => {
  it('renames and marks for later, one field or both', async () => {
    const { session } = await newSession(relay);
    const video = await saveVideo(relay, session, ZOO);
    const renamed = await api(relay, `/api/videos/${video.id}`, {
      method: 'PATCH',
      body: { title: '  The zoo ' },
      session,
    });
    expect(renamed).toMatchObject({ status: 200, json: { ...video, title: 'The zoo' } });
    const marked = await api(relay, `/api/videos/${video.id}`, {
      method: 'PATCH',
      body: { watchLater: true },
      session,
    });
    expect(marked.json).toEqual({ ...video, title: 'The zoo', watchLater: true });
    const both = await api(relay, `/api/videos/${video.id}`, {
      method: 'PATCH',
      body: { title: 'Zoo', watchLater: false },
      session,
    });
    expect(both.json).toEqual({ ...video, title: 'Zoo', watchLater: false });
    expect((await api(relay, `/api/videos/${video.id}`, { session })).json).toEqual(both.json);

    const empty = await api(relay, `/api/videos/${video.id}`, {
      method: 'PATCH',
      body: {},
      session,
    });
    expect(empty.status).toBe(400);
    expect(apiError(empty.json)).toMatchObject({
      code: 'bad_request',
      detail: /nothing to change/,
    });
  });
});

describe('ownership', () => {
  it('answers another user the same 404 as a missing id on every route by id', async () => {
    const owner = await newSession(relay);
    const other = await newSession(relay);
    const video = await saveVideo(relay, owner.session, ZOO);
    const calls: { path: string; method?: string; body?: unknown }[] = [
      { path: `/api/videos/${video.id}` },
      { path: `/api/videos/${video.id}`, method: 'PATCH', body: { title: 'Mine now' } },
      { path: `/api/videos/${video.id}`, method: 'DELETE' },
    ];
    for (const call of calls) {
      const answer = await api(relay, call.path, { ...call, session: other.session });
      expect(answer.status, `${call.method ?? 'GET'} ${call.path}`).toBe(404);
      expect(answer.json).toEqual(NOT_FOUND);
      const missing = await api(relay, '/api/videos/99999', { ...call, session: other.session });
      expect(missing.json).toEqual(NOT_FOUND);
    }
    // The owner's entry is untouched by all that.
    expect((await api(relay, `/api/videos/${video.id}`, { session: owner.session })).json).toEqual(
      video,
    );
    // Nor can the other user restore it after the owner deletes it.
    await api(relay, `/api/videos/${video.id}`, { method: 'DELETE', session: owner.session });
    const restore = await api(relay, `/api/videos/${video.id}/restore`, {
      method: 'POST',
      session: other.session,
    });
    expect(restore.status).toBe(404);
    expect(restore.json).toEqual({ error: { code: 'nothing_to_restore' } });
  });

  it('asks for a session on every library route', async () => {
    for (const path of ['/api/videos', '/api/playlists', '/api/library']) {
      const answer = await api(relay, path);
      expect(answer.status, path).toBe(401);
      expect(apiError(answer.json).code).toBe('session_invalid');
    }
  });
});

describe('DELETE and restore', () => {
  it('removes the entry, its invite key and playlist memberships; restore brings all back', async () => {
    const { session } = await newSession(relay);
    const zoo = await saveVideo(relay, session, ZOO);
    const rick = await saveVideo(relay, session, { ...RICK, channel: 'Rick Astley' });
    await api(relay, `/api/videos/${rick.id}`, {
      method: 'PATCH',
      body: { watchLater: true },
      session,
    });
    const third = await saveVideo(relay, session, { youtubeId: 'aqz-KE-bpKQ', title: 'Bunny' });
    const mixed = await createPlaylist(relay, session, 'Mixed', [zoo.id, rick.id, third.id]);
    const last = await createPlaylist(relay, session, 'Rick last', [zoo.id, rick.id]);
    const unrelated = await createPlaylist(relay, session, 'No Rick', [third.id]);

    const deleted = await api(relay, `/api/videos/${rick.id}`, { method: 'DELETE', session });
    expect(deleted.status).toBe(204);
    expect((await api(relay, `/api/videos/${rick.id}`, { session })).status).toBe(404);
    const lookup = await api(relay, '/api/invites/lookup', { body: { key: rick.inviteKey } });
    expect(lookup.status).toBe(404);
    const library = v.parse(LibrarySchema, (await api(relay, '/api/library', { session })).json);
    expect(library.videos.map((video) => video.id)).toEqual([third.id, zoo.id]);
    expect(library.playlists.map((playlist) => playlist.items)).toEqual([
      [third.id],
      [zoo.id],
      [zoo.id, third.id],
    ]);
    // The room is closed to new joins.
    const client = await TestClient.connect(relay);
    client.send({ type: 'hello', v: 1, key: rick.inviteKey });
    expect(await client.next('error')).toMatchObject({ code: 'room_not_found' });
    expect((await client.closed).code).toBe(CloseCode.ROOM_NOT_FOUND);

    const restored = await api(relay, `/api/videos/${rick.id}/restore`, {
      method: 'POST',
      session,
    });
    expect(restored.status).toBe(200);
    expect(restored.json).toEqual({ ...rick, channel: 'Rick Astley', watchLater: true });
    const after = v.parse(LibrarySchema, (await api(relay, '/api/library', { session })).json);
    expect(after.videos.map((video) => video.id)).toEqual([third.id, rick.id, zoo.id]);
    const items = Object.fromEntries(after.playlists.map((p) => [p.id, p.items]));
    expect(items).toEqual({
      [mixed.id]: [zoo.id, rick.id, third.id],
      [last.id]: [zoo.id, rick.id],
      [unrelated.id]: [third.id],
    });
    const reopened = await api(relay, '/api/invites/lookup', { body: { key: rick.inviteKey } });
    expect(reopened.json).toEqual({ kind: 'video', youtubeId: RICK.youtubeId, title: RICK.title });
    // Saving it again finds the restored entry.
    const saved = await api(relay, '/api/videos', { body: RICK, session });
    expect(saved.status).toBe(200);
    expect(v.parse(VideoSchema, saved.json).id).toBe(rick.id);

    const twice = await api(relay, `/api/videos/${rick.id}/restore`, { method: 'POST', session });
    expect(twice.status).toBe(404);
  });

  it('refuses to restore over a video saved again since, and skips playlists that are gone', async () => {
    const { session } = await newSession(relay);
    const zoo = await saveVideo(relay, session, ZOO);
    const playlist = await createPlaylist(relay, session, 'Zoo', [zoo.id]);
    await api(relay, `/api/videos/${zoo.id}`, { method: 'DELETE', session });
    const again = await saveVideo(relay, session, ZOO);
    expect(again.id).not.toBe(zoo.id);
    const conflict = await api(relay, `/api/videos/${zoo.id}/restore`, {
      method: 'POST',
      session,
    });
    expect(conflict.status).toBe(409);
    expect(conflict.json).toEqual({ error: { code: 'saved_again' } });

    // Once the new entry is gone too, the old one can come back, minus the deleted playlist.
    await api(relay, `/api/videos/${again.id}`, { method: 'DELETE', session });
    await api(relay, `/api/playlists/${playlist.id}`, { method: 'DELETE', session });
    const restored = await api(relay, `/api/videos/${zoo.id}/restore`, { method: 'POST', session });
    expect(restored).toMatchObject({ status: 200, json: zoo });
    expect((await api(relay, '/api/playlists', { session })).json).toEqual({ playlists: [] });
  });
});

describe('GET /api/library', () => {
  it('answers videos and playlists in one call, newest first', async () => {
    const { session } = await newSession(relay);
    expect((await api(relay, '/api/library', { session })).json).toEqual({
      videos: [],
      playlists: [],
    });
    const zoo = await saveVideo(relay, session, ZOO);
    const rick = await saveVideo(relay, session, RICK);
    const older = await createPlaylist(relay, session, 'Older', [zoo.id]);
    const newer = await createPlaylist(relay, session, 'Newer', [rick.id, zoo.id]);
    const library = await api(relay, '/api/library', { session });
    expect(library.status).toBe(200);
    expect(v.parse(LibrarySchema, library.json)).toEqual({
      videos: [rick, zoo],
      playlists: [newer, older],
    });
  });
});

describe('caps', () => {
  /** Runs `write` on a plain Redis connection, for state too big to build through the API. */
  async function withRedis(write: (redis: Redis) => Promise<unknown>): Promise<void> {
    const redis = new Redis(inject('redisUrl'));
    try {
      await write(redis);
    } finally {
      redis.disconnect();
    }
  }
  /** `count` made-up members, as ZADD arguments. */
  const filler = (count: number) =>
    Array.from({ length: count }, (_, i) => [1, `filler${i}`]).flat();

  it('refuses a video, a playlist or an item past the limits with 409', async () => {
    const { session, userId } = await newSession(relay);
    const zoo = await saveVideo(relay, session, ZOO);
    const playlist = await createPlaylist(relay, session, 'Full');
    await withRedis(async (redis) => {
      await redis.zadd(`${prefix}user:${userId}:videos`, ...filler(MAX_LIBRARY_VIDEOS - 1));
      await redis.zadd(`${prefix}user:${userId}:playlists`, ...filler(MAX_PLAYLISTS - 1));
      await redis.rpush(
        `${prefix}playlist:${playlist.id}:items`,
        ...Array.from({ length: MAX_PLAYLIST_ITEMS }, (_, i) => 100_000 + i),
      );
    });

    const video = await api(relay, '/api/videos', { body: RICK, session });
    expect(video.status).toBe(409);
    expect(video.json).toEqual({ error: { code: 'library_full', limit: MAX_LIBRARY_VIDEOS } });
    // Saving one the user already has is still fine.
    expect((await api(relay, '/api/videos', { body: ZOO, session })).status).toBe(200);

    const another = await api(relay, '/api/playlists', { body: { title: 'One more' }, session });
    expect(another.status).toBe(409);
    expect(another.json).toEqual({ error: { code: 'too_many_playlists', limit: MAX_PLAYLISTS } });

    const item = await api(relay, `/api/playlists/${playlist.id}/items`, {
      body: { videoId: zoo.id },
      session,
    });
    expect(item.status).toBe(409);
    expect(item.json).toEqual({ error: { code: 'playlist_full', limit: MAX_PLAYLIST_ITEMS } });

    const imported = await api(relay, '/api/library/import', {
      body: {
        format: EXPORT_FORMAT,
        version: EXPORT_VERSION,
        videos: [ZOO, RICK],
        playlists: [{ title: 'Imported', items: [] }],
      },
      session,
    });
    expect(imported.json).toEqual({
      videosAdded: 0,
      videosAlreadySaved: 1,
      playlistsAdded: 0,
      skipped: [
        {
          entry: `video ${RICK.youtubeId}`,
          reason: `your library is full (${MAX_LIBRARY_VIDEOS} videos)`,
        },
        { entry: 'playlist "Imported"', reason: `you already have ${MAX_PLAYLISTS} playlists` },
      ],
    });
  });
});

describe('CORS', () => {
  it('allows the methods the library API uses', async () => {
    const answer = await fetch(`${relay.url}/api/videos/1`, {
      method: 'OPTIONS',
      headers: {
        Origin: 'chrome-extension://abcdefghijklmnopabcdefghijklmnop',
        'Access-Control-Request-Method': 'DELETE',
      },
    });
    const allowed = answer.headers.get('access-control-allow-methods') ?? '';
    for (const method of ['GET', 'POST', 'PATCH', 'PUT', 'DELETE', 'OPTIONS'])
      expect(allowed.split(','), method).toContain(method);
  });
});
