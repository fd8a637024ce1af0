import { Redis } from 'ioredis';
import { describe, expect, it, vi } from 'vitest';
import { createApp } from '../../server/http/app';
import { silentLog } from '../../server/log';
import { relayMetrics } from '../../server/metrics';
import { RateLimiter } from '../../server/rate-limits';
import { roomIdForKey } from '../../server/secrets';
import { AccountExpiry } from '../../server/redis/stores/account-expiry';
import { IdentityStore } from '../../server/redis/stores/identity-store';
import { InviteStore } from '../../server/redis/stores/invite-store';
import { PlaylistStore } from '../../server/redis/stores/playlist-store';
import { redisKeys } from '../../server/redis/keys';
import { VideoStore } from '../../server/redis/stores/video-store';
import { freePort, startRedis } from '../support/redis-server';
import { api, newVideo } from '../support/api';
import { freshPrefix } from '../support/relay';
import { startTestRelay, TestClient, testScope } from './harness';

const { cleanups } = testScope();

const UNAVAILABLE = { error: { code: 'unavailable' } };
const RECOVERY = { timeout: 15_000, interval: 50 };

describe('without Redis', () => {
  it('answers the API with 503 at once instead of hanging', async () => {
    const port = await freePort();
    const redis = new Redis(`redis://127.0.0.1:${port}`, {
      lazyConnect: true,
      enableOfflineQueue: false,
    });
    cleanups.push(() => redis.disconnect());
    const keys = redisKeys(freshPrefix());
    const metrics = relayMetrics();
    const app = createApp({
      identity: new IdentityStore(redis, keys, { tokenTtlS: 60, sessionTtlS: 60 }),
      videos: new VideoStore(redis, keys, 60_000),
      playlists: new PlaylistStore(redis, keys, 60_000),
      invites: new InviteStore(redis, keys),
      redis,
      isAllowedOrigin: () => true,
      // Limits fail open: an outage answers 503, never 429.
      limits: new RateLimiter(
        redis,
        keys,
        { joins: 1, lookups: 1, api: 1, identities: 1 },
        silentLog,
        metrics.rateLimited,
      ),
      trustProxy: null,
      metrics,
      expiry: new AccountExpiry(redis, keys, 60_000),
      log: silentLog,
    });

    const health = await app.request('/healthz');
    expect(health.status).toBe(503);
    expect(await health.json()).toEqual({ ok: false });
    const session = await app.request('/api/session', { method: 'POST', body: '{}' });
    expect(session.status).toBe(503);
    expect(await session.json()).toEqual(UNAVAILABLE);
    const lookup = await app.request('/api/invites/lookup', {
      method: 'POST',
      body: JSON.stringify({ key: 'a'.repeat(26) }),
    });
    expect(lookup.status).toBe(503);
    expect(await metrics.rateLimited.get('api')).toBe(0);
  });
});

describe('a Redis restart', () => {
  it('is survived: 503 and 1013 while down, then members get the state they missed', async () => {
    const port = await freePort();
    let redis = await startRedis({ port });
    cleanups.push(() => redis.stop());
    const KEY_PREFIX = freshPrefix();
    // The heartbeat would also repair the room, but not within RECOVERY: only the reconnect can.
    const relay = await startTestRelay({ KEY_PREFIX, HEARTBEAT_MS: '20000' }, redis.url);
    cleanups.push(() => relay.close());
    const video = await newVideo(relay);
    const { client, welcome } = await TestClient.join(relay, video.inviteKey);
    cleanups.push(() => client.close());

    await redis.stop('SIGKILL');
    expect(await api(relay, '/healthz')).toMatchObject({ status: 503, json: { ok: false } });
    expect(await api(relay, '/api/session', { body: {} })).toMatchObject({
      status: 503,
      json: UNAVAILABLE,
    });
    const refused = await TestClient.connect(relay);
    cleanups.push(() => refused.close());
    refused.send({ type: 'hello', v: 1, key: video.inviteKey });
    expect(await refused.next('error')).toMatchObject({ code: 'unavailable' });
    expect((await refused.closed).code).toBe(1013);

    // The new Redis is empty; a change made meanwhile (by another node, as far as this relay
    // can tell) is written straight into it, with no broadcast this relay could have heard.
    redis = await startRedis({ port });
    const writer = new Redis(redis.url);
    cleanups.push(() => writer.quit());
    const missed = { ...welcome.state, rev: 9, playing: true, position: 77 };
    // Written as a room stored before holds and queues existed: the relay reads none of either.
    const { hold, item, ...fields } = missed;
    expect(hold).toBeNull();
    expect(item).toBeNull();
    await writer.hset(redisKeys(KEY_PREFIX).roomState(roomIdForKey(video.inviteKey)), {
      ...fields,
      playing: '1',
    });

    // Takes states until the missed one arrives: a resync racing the command connection's own
    // reconnect may first repeat the last known state, which clients drop by rev.
    await vi.waitFor(
      async () =>
        expect(await client.next('state')).toEqual({ type: 'state', state: missed, by: null }),
      RECOVERY,
    );
    await vi.waitFor(
      async () => expect(await api(relay, '/healthz')).toMatchObject({ status: 200 }),
      RECOVERY,
    );
  });
});
