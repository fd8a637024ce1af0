/**
 * No amplification through `queue` frames: the playlist behind a room is looked up once per room
 * and node, not once per frame, so a flood of them costs Redis a small, fixed amount each; and a
 * change to the playlist, made through any node, is still seen by the next move.
 */
import { Redis } from 'ioredis';
import { describe, expect, inject, it, vi } from 'vitest';
import type { RunningRelay } from '../../server/relay-server';
import { api, createPlaylist, newSession, saveVideo, youtubeId } from '../support/api';
import { freshPrefix } from '../support/relay';
import { startTestRelay, TestClient, testScope, WAIT } from '../integration/harness';
import { startRedis } from '../support/redis-server';

const { cleanups, relayWith } = testScope();

/** A playlist of `count` videos of a new user; returns its key, the owner's session and ids. */
async function playlistOf(relay: RunningRelay, count: number) {
  const { session } = await newSession(relay);
  const videos = [];
  for (let n = 1; n <= count; n++) {
    videos.push(await saveVideo(relay, session, { youtubeId: youtubeId(n), title: `Part ${n}` }));
  }
  const ids = videos.map((video) => video.id);
  const playlist = await createPlaylist(relay, session, 'Series', ids);
  return { session, playlist, ids };
}

/** Calls per command so far, from `INFO commandstats`. */
async function commandCalls(redis: Redis): Promise<Map<string, number>> {
  const calls = new Map<string, number>();
  for (const match of (await redis.info('commandstats')).matchAll(
    /^cmdstat_(\S+?):calls=(\d+)/gm,
  )) {
    calls.set(match[1] ?? '', Number(match[2]));
  }
  return calls;
}

function redisClient(url: string = inject('redisUrl')): Redis {
  const redis = new Redis(url);
  cleanups.push(() => redis.quit());
  return redis;
}

describe('queue frames', () => {
  it('cost Redis a few commands each, however long the playlist', async () => {
    // A redis-server of its own, so that other test files' commands are not counted, and slow
    // heartbeats, so that only the frames under test reach it meanwhile.
    const own = await startRedis();
    cleanups.push(() => own.stop());
    const relay = await startTestRelay({ HEARTBEAT_MS: '20000' }, own.url);
    cleanups.push(() => relay.close());
    const { playlist } = await playlistOf(relay, 60);
    const { client } = await TestClient.join(relay, playlist.inviteKey);
    cleanups.push(() => client.close());
    await client.next('history');

    const redis = redisClient(own.url);
    const frames = 30;
    const before = await commandCalls(redis);
    // A move from an entry the room is not on: checked, refused, and nothing changes.
    for (let i = 0; i < frames; i++) client.send({ type: 'queue', from: 5, to: 6 });
    let after = before;
    await vi.waitFor(async () => {
      after = await commandCalls(redis);
      const scripts = (after.get('evalsha') ?? 0) - (before.get('evalsha') ?? 0);
      expect(scripts).toBeGreaterThanOrEqual(frames);
    }, WAIT);
    const delta = (command: string) => (after.get(command) ?? 0) - (before.get(command) ?? 0);
    let total = 0;
    for (const command of after.keys()) total += delta(command);
    // The one lookup of the room (the playlist's read and one per entry, 61), then none per
    // frame: a lookup per frame would be 30 × 61 = 1830. The margin is the reads of the relay's
    // own periodic work, which a loaded machine, slow over the flood, lets into the count (61
    // alone, up to 91 seen on a loaded 2-core machine).
    expect(delta('hmget')).toBeLessThan(61 + 3 * frames);
    expect(delta('evalsha')).toBeLessThanOrEqual(frames + 3);
    expect(total / frames).toBeLessThanOrEqual(15);
    expect(client.ws.readyState).toBe(client.ws.OPEN);
  });

  it('see a change to the playlist, made through another node, at the next move', async () => {
    const KEY_PREFIX = freshPrefix();
    const one = await relayWith({ KEY_PREFIX });
    const two = await relayWith({ KEY_PREFIX });
    const { session, playlist, ids } = await playlistOf(one, 3);
    const { client } = await TestClient.join(one, playlist.inviteKey);
    cleanups.push(() => client.close());
    await client.next('history');
    // A move the room ignores fills the node's copy of the playlist.
    client.send({ type: 'queue', from: 2, to: 1 });
    client.send({ type: 'ping', id: 1, t0: 0 });
    await client.next('pong');

    const [first, second, third] = ids as [number, number, number];
    const reordered = await api(two, `/api/playlists/${playlist.id}/items`, {
      method: 'PUT',
      body: { items: [first, third, second] },
      session,
    });
    expect(reordered.status).toBe(200);
    // "Next" from the first entry is now the third video.
    await vi.waitFor(async () => {
      client.send({ type: 'queue', from: 0, to: 1 });
      const { state } = await client.next('state');
      expect(state).toMatchObject({ item: 1, videoId: youtubeId(3) });
    }, WAIT);

    // A video deleted from the library leaves the queue: the room's video is now the first
    // entry, so there is no entry before it.
    const deleted = await api(two, `/api/videos/${first}`, { method: 'DELETE', session });
    expect(deleted.status).toBe(204);
    await vi.waitFor(async () => {
      client.send({ type: 'queue', from: 1, to: 0 });
      expect(await client.next('error')).toEqual({ type: 'error', code: 'no_entry' });
    }, WAIT);
    expect(client.unread('state')).toEqual([]);
  });
});
