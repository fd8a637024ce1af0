/**
 * Storage that does not grow forever: every key of an idle user expires with their account, and
 * use pushes that back at most once a day.
 */
import { Redis } from 'ioredis';
import { afterAll, afterEach, describe, expect, inject, it, vi } from 'vitest';
import { CloseCode } from '../../shared/protocol';
import type { RunningRelay } from '../../server/relay-server';
import { sha256Hex } from '../../server/secrets';
import { redisKeys } from '../../server/redis/keys';
import { api, createPlaylist, newSession, saveVideo, youtubeId } from '../support/api';
import { freshPrefix } from '../support/relay';
import { TestClient, testScope } from '../integration/harness';

const { cleanups, relayWith } = testScope();
const redis = new Redis(inject('redisUrl'));
afterAll(() => redis.quit());
afterEach(() => {
  vi.useRealTimers();
});

const HOUR_MS = 3_600_000;
const YEAR_MS = 365 * 24 * HOUR_MS;
/** What the test leaves of a key's TTL to tell "not renewed" from "renewed" (a year). */
const SHORTENED_MS = 60_000;
const NO_ROOM = { error: { code: 'room_not_found' } };

/** Every key under `prefix`. */
async function keysUnder(prefix: string): Promise<string[]> {
  const found: string[] = [];
  let cursor = '0';
  do {
    const [next, batch] = await redis.scan(cursor, 'MATCH', `${prefix}*`, 'COUNT', 1000);
    cursor = next;
    found.push(...batch);
  } while (cursor !== '0');
  return found;
}

/** A user with a video in a playlist, and every key that user has. */
async function userWithLibrary(relay: RunningRelay, prefix: string) {
  const keys = redisKeys(prefix);
  const { session, userId } = await newSession(relay);
  const video = await saveVideo(relay, session, { youtubeId: youtubeId(1), title: 'One' });
  const playlist = await createPlaylist(relay, session, 'Friday night', [video.id]);
  const userKeys = [
    keys.user(userId),
    keys.userRefreshed(userId),
    keys.userVideos(userId),
    keys.userYoutube(userId),
    keys.userPlaylists(userId),
    keys.video(video.id),
    keys.playlist(playlist.id),
    keys.playlistItems(playlist.id),
    keys.invite(sha256Hex(video.inviteKey)),
    keys.invite(sha256Hex(playlist.inviteKey)),
  ];
  return { session, userId, video, playlist, userKeys };
}

async function ttls(keys: string[]): Promise<Record<string, number>> {
  const values = await Promise.all(keys.map((key) => redis.pttl(key)));
  return Object.fromEntries(keys.map((key, i) => [key, values[i] ?? -3]));
}

function expectRenewed(ttl: Record<string, number>) {
  for (const [key, left] of Object.entries(ttl)) {
    expect(left, key).toBeGreaterThan(YEAR_MS - SHORTENED_MS);
    expect(left, key).toBeLessThanOrEqual(YEAR_MS);
  }
}

describe('idle accounts', () => {
  it('give every key of a user, made at any time, the account expiry; use renews it once a day', async () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    const start = Date.now();
    const prefix = freshPrefix();
    const relay = await relayWith({ KEY_PREFIX: prefix });
    const keys = redisKeys(prefix);
    const { session, video, userKeys } = await userWithLibrary(relay, prefix);

    // The video, the playlist and their invite keys were made after the session opened, and
    // expire with it all the same.
    expectRenewed(await ttls(userKeys));
    // Nothing under the prefix lives forever but the two id counters.
    for (const key of await keysUnder(prefix)) {
      if (key === keys.videoSeq || key === keys.playlistSeq) continue;
      expect(await redis.pttl(key), key).toBeGreaterThan(0);
    }

    // Most of the year goes by (on Redis' clock the test can only shorten the TTLs).
    for (const key of userKeys) await redis.pexpire(key, SHORTENED_MS);
    vi.setSystemTime(start + 12 * HOUR_MS);
    expect((await api(relay, '/api/library', { session })).status).toBe(200);
    // Renewed less than a day ago: a call costs one check and renews nothing.
    for (const [key, left] of Object.entries(await ttls(userKeys))) {
      expect(left, key).toBeLessThanOrEqual(SHORTENED_MS);
      expect(left, key).toBeGreaterThan(0);
    }

    vi.setSystemTime(start + 25 * HOUR_MS);
    expect((await api(relay, '/api/library', { session })).status).toBe(200);
    expectRenewed(await ttls(userKeys));

    // Joining a room with the session is a visit too.
    for (const key of userKeys) await redis.pexpire(key, SHORTENED_MS);
    vi.setSystemTime(start + 50 * HOUR_MS);
    const { client } = await TestClient.join(relay, video.inviteKey, { session });
    cleanups.push(() => client.close());
    expectRenewed(await ttls(userKeys));

    // And so is opening a session.
    for (const key of userKeys) await redis.pexpire(key, SHORTENED_MS);
    vi.setSystemTime(start + 75 * HOUR_MS);
    const reopened = await newSession(relay);
    const fresh = redisKeys(prefix).user(reopened.userId);
    expect(await redis.pttl(fresh)).toBeGreaterThan(YEAR_MS - SHORTENED_MS);
  });

  it('expire with their library and invite keys; a friend with a key then finds no room', async () => {
    const prefix = freshPrefix();
    const relay = await relayWith({ KEY_PREFIX: prefix, ACCOUNT_IDLE_TTL_S: '2' });
    const { session, userId, video, playlist } = await userWithLibrary(relay, prefix);
    const lookup = (key: string) => api(relay, '/api/invites/lookup', { body: { key } });
    expect((await lookup(video.inviteKey)).status).toBe(200);
    expect((await lookup(playlist.inviteKey)).status).toBe(200);

    // Nobody uses the account: two seconds later it is gone, invite keys and all.
    await vi.waitFor(
      async () => expect(await lookup(video.inviteKey)).toMatchObject({ status: 404 }),
      {
        timeout: 10_000,
        interval: 100,
      },
    );
    expect(await lookup(playlist.inviteKey)).toMatchObject({ status: 404, json: NO_ROOM });
    expect(await lookup(video.inviteKey)).toMatchObject({ status: 404, json: NO_ROOM });
    const friend = await TestClient.connect(relay);
    cleanups.push(() => friend.close());
    friend.send({ type: 'hello', v: 1, key: video.inviteKey });
    expect(await friend.next('error')).toEqual({ type: 'error', code: 'room_not_found' });
    expect((await friend.closed).code).toBe(CloseCode.ROOM_NOT_FOUND);

    const keys = redisKeys(prefix);
    const left = (await keysUnder(prefix)).filter(
      (key) => key.includes(userId) || /:(video|playlist|invite):/.test(key),
    );
    expect(left.sort()).toEqual([keys.playlistSeq, keys.videoSeq].sort());
    // A session that outlived the account finds an empty library.
    expect(await api(relay, '/api/library', { session })).toMatchObject({
      status: 200,
      json: { videos: [], playlists: [] },
    });
  });
});
