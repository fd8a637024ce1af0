import { Redis } from 'ioredis';
import { describe, expect, inject, it, vi } from 'vitest';
import { WebSocket } from 'ws';
import { CloseCode } from '../../shared/protocol';
import { silentLog } from '../../server/log';
import { relayMetrics } from '../../server/metrics';
import { ConnectionSlots } from '../../server/rate-limits';
import type { RunningRelay } from '../../server/relay-server';
import { redisKeys } from '../../server/redis/keys';
import { newVideo } from '../support/api';
import { freshPrefix } from '../support/relay';
import { startTestRelay, TestClient, WAIT, testScope } from './harness';

const { cleanups } = testScope();

async function relayWith(env: Record<string, string>): Promise<RunningRelay> {
  const relay = await startTestRelay(env);
  cleanups.push(() => relay.close());
  return relay;
}

/** An invite lookup, optionally claiming to come from `forwardedFor`. */
async function lookup(relay: RunningRelay, key: string, forwardedFor?: string) {
  const response = await fetch(`${relay.url}/api/invites/lookup`, {
    method: 'POST',
    headers: {
      'Content-Type': 'application/json',
      ...(forwardedFor === undefined ? {} : { 'X-Forwarded-For': forwardedFor }),
    },
    body: JSON.stringify({ key }),
  });
  return {
    status: response.status,
    retryAfter: response.headers.get('Retry-After'),
    json: (await response.json()) as unknown,
  };
}

/** The status the relay answers a WebSocket upgrade with (101 when it opens; left open). */
async function upgrade(relay: RunningRelay, headers: Record<string, string> = {}) {
  const ws = new WebSocket(`${relay.url.replace(/^http/, 'ws')}/ws`, { headers });
  cleanups.push(() => ws.close());
  return new Promise<{ status: number; retryAfter?: string; ws: WebSocket }>((resolve, reject) => {
    ws.once('open', () => resolve({ status: 101, ws }));
    ws.once('unexpected-response', (_request, response) =>
      resolve({
        status: response.statusCode ?? 0,
        retryAfter: response.headers['retry-after'],
        ws,
      }),
    );
    ws.once('error', reject);
  });
}

const UNKNOWN_KEY = 'abcdefghijklmnopqrstuvwxyz';

describe('per-IP limits', () => {
  it('answer an invite lookup flood with 429 and Retry-After, whatever the key', async () => {
    const KEY_PREFIX = freshPrefix();
    const relay = await relayWith({ KEY_PREFIX, LOOKUPS_PER_IP_PER_MIN: '3' });
    const video = await newVideo(relay);
    expect((await lookup(relay, video.inviteKey)).status).toBe(200);
    // Unknown and malformed keys count the same as a right one.
    expect((await lookup(relay, UNKNOWN_KEY)).status).toBe(404);
    expect((await lookup(relay, 'nonsense')).status).toBe(404);
    for (const key of [video.inviteKey, UNKNOWN_KEY]) {
      const refused = await lookup(relay, key);
      expect(refused.status).toBe(429);
      expect(Number(refused.retryAfter)).toBeGreaterThanOrEqual(1);
      expect(Number(refused.retryAfter)).toBeLessThanOrEqual(60);
      expect(refused.json).toEqual({
        error: { code: 'rate_limited', retryAfterS: Number(refused.retryAfter) },
      });
    }
    // The counter lives in Redis under the documented key, expiring with its window.
    const redis = new Redis(inject('redisUrl'));
    cleanups.push(() => redis.quit());
    const key = redisKeys(KEY_PREFIX).rateLimit('lookups', '127.0.0.1');
    expect(await redis.get(key)).toBe('5');
    const ttl = await redis.pttl(key);
    expect(ttl).toBeGreaterThan(0);
    expect(ttl).toBeLessThanOrEqual(60_000);
  });

  it('cap API requests in general', async () => {
    const relay = await relayWith({ API_REQUESTS_PER_IP_PER_MIN: '4' });
    const statuses: number[] = [];
    for (let i = 0; i < 6; i++) {
      const response = await fetch(`${relay.url}/api/session`, { method: 'POST', body: '{}' });
      statuses.push(response.status);
      await response.body?.cancel();
    }
    expect(statuses).toEqual([200, 200, 200, 200, 429, 429]);
    // /healthz and /metrics are not API requests.
    expect((await fetch(`${relay.url}/healthz`)).status).toBe(200);
  });

  it('refuse a WebSocket upgrade with 429 past the connection limit, and count closes', async () => {
    const relay = await relayWith({ MAX_CONNECTIONS_PER_IP: '2' });
    const first = await upgrade(relay);
    const second = await upgrade(relay);
    expect([first.status, second.status]).toEqual([101, 101]);
    const third = await upgrade(relay);
    expect(third.status).toBe(429);
    expect(third.retryAfter).toBe('10');
    first.ws.close();
    await vi.waitFor(async () => expect((await upgrade(relay)).status).toBe(101), WAIT);
  });

  it('close a join past the limit with rate_limited and 4008', async () => {
    const relay = await relayWith({ JOINS_PER_IP_PER_MIN: '2' });
    const video = await newVideo(relay);
    const { client } = await TestClient.join(relay, video.inviteKey);
    cleanups.push(() => client.close());
    // A wrong key counts as a join too.
    const wrong = await TestClient.connect(relay);
    wrong.send({ type: 'hello', v: 1, key: UNKNOWN_KEY });
    expect((await wrong.closed).code).toBe(CloseCode.ROOM_NOT_FOUND);

    const refused = await TestClient.connect(relay);
    refused.send({ type: 'hello', v: 1, key: video.inviteKey });
    expect(await refused.next('error')).toEqual({
      type: 'error',
      code: 'rate_limited',
      retryAfterS: expect.any(Number) as unknown,
    });
    expect((await refused.closed).code).toBe(CloseCode.RATE_LIMITED);
  });

  it('hold across relay nodes sharing one Redis', async () => {
    const KEY_PREFIX = freshPrefix();
    const env = { KEY_PREFIX, LOOKUPS_PER_IP_PER_MIN: '2', MAX_CONNECTIONS_PER_IP: '1' };
    const one = await relayWith({ ...env, NODE_ID: 'one' });
    const two = await relayWith({ ...env, NODE_ID: 'two' });
    expect((await lookup(one, UNKNOWN_KEY)).status).toBe(404);
    expect((await lookup(two, UNKNOWN_KEY)).status).toBe(404);
    expect((await lookup(one, UNKNOWN_KEY)).status).toBe(429);
    expect((await lookup(two, UNKNOWN_KEY)).status).toBe(429);

    const open = await upgrade(one);
    expect(open.status).toBe(101);
    expect((await upgrade(two)).status).toBe(429);
    open.ws.close();
    await vi.waitFor(async () => expect((await upgrade(two)).status).toBe(101), WAIT);
  });

  it('read X-Forwarded-For only with TRUST_PROXY=1', async () => {
    const trusting = await relayWith({ TRUST_PROXY: '1', LOOKUPS_PER_IP_PER_MIN: '1' });
    expect((await lookup(trusting, UNKNOWN_KEY, '203.0.113.1')).status).toBe(404);
    expect((await lookup(trusting, UNKNOWN_KEY, '203.0.113.2, 10.0.0.1')).status).toBe(404);
    expect((await lookup(trusting, UNKNOWN_KEY, '203.0.113.1, 10.0.0.9')).status).toBe(429);
    // Without the header, the socket's address is the client's, with its own budget.
    expect((await lookup(trusting, UNKNOWN_KEY)).status).toBe(404);

    const direct = await relayWith({ LOOKUPS_PER_IP_PER_MIN: '1', MAX_CONNECTIONS_PER_IP: '1' });
    expect((await lookup(direct, UNKNOWN_KEY, '203.0.113.1')).status).toBe(404);
    expect((await lookup(direct, UNKNOWN_KEY, '203.0.113.2')).status).toBe(429);
    expect((await upgrade(direct, { 'X-Forwarded-For': '203.0.113.1' })).status).toBe(101);
    expect((await upgrade(direct, { 'X-Forwarded-For': '203.0.113.2' })).status).toBe(429);

    const proxied = await relayWith({ TRUST_PROXY: '1', MAX_CONNECTIONS_PER_IP: '1' });
    expect((await upgrade(proxied, { 'X-Forwarded-For': '203.0.113.1' })).status).toBe(101);
    expect((await upgrade(proxied, { 'X-Forwarded-For': '203.0.113.2' })).status).toBe(101);
    expect((await upgrade(proxied, { 'X-Forwarded-For': '203.0.113.1' })).status).toBe(429);
  });
});

describe('the default limits', () => {
  it('leave ordinary use alone', async () => {
    // An empty value means the default (the harness turns the limits off otherwise).
    const relay = await relayWith({
      MAX_CONNECTIONS_PER_IP: '',
      JOINS_PER_IP_PER_MIN: '',
      LOOKUPS_PER_IP_PER_MIN: '',
      API_REQUESTS_PER_IP_PER_MIN: '',
    });
    const video = await newVideo(relay);
    for (let i = 0; i < 10; i++) expect((await lookup(relay, video.inviteKey)).status).toBe(200);
    // A family's worth of tabs joining, leaving and joining again.
    for (let round = 0; round < 2; round++) {
      const members = await Promise.all(
        Array.from({ length: 10 }, () => TestClient.join(relay, video.inviteKey)),
      );
      for (const { client } of members) {
        client.close();
        await client.closed;
      }
    }
  });
});

describe('connection leases', () => {
  it('of a node that died lapse; a live node keeps renewing its own', async () => {
    const redis = new Redis(inject('redisUrl'));
    cleanups.push(() => redis.quit());
    const keys = redisKeys(freshPrefix());
    const slots = (lease: number) => {
      const node = new ConnectionSlots(
        redis,
        keys,
        1,
        lease,
        silentLog,
        relayMetrics().rateLimited,
      );
      cleanups.push(() => node.stop());
      return node;
    };
    const alive = slots(150);
    const other = slots(150);
    const held = await alive.take('198.51.100.7');
    expect(held).not.toBeNull();
    // Renewed every 50 ms: still counted long after its first lease would have run out, that is
    // once Redis's clock is two leases past the end of the first one.
    const leases = keys.rateLimit('connections', '198.51.100.7');
    const firstEnd = Number((await redis.zrange(leases, 0, 0, 'WITHSCORES'))[1]);
    await vi.waitFor(
      async () => {
        const [seconds, micros] = await redis.time();
        expect(Number(seconds) * 1000 + Math.floor(Number(micros) / 1000)).toBeGreaterThan(
          firstEnd + 300,
        );
      },
      { timeout: 5000, interval: 20 },
    );
    expect(await other.take('198.51.100.7')).toBeNull();

    // The node dies: no release, no more renewals. Its lease runs out and the slot is free.
    alive.stop();
    await vi.waitFor(async () => expect(await other.take('198.51.100.7')).not.toBeNull(), WAIT);
  });
});
