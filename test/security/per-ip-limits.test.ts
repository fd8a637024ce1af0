/**
 * Per-IP limits that hold: an IPv6 client cannot escape them by switching addresses within its
 * /64, nor a client behind a proxy by writing its own `X-Forwarded-For`; pages on other sites get
 * nothing done through a visitor's browser; and one address cannot mint identities without end.
 */
import { Redis } from 'ioredis';
import * as v from 'valibot';
import { describe, expect, inject, it } from 'vitest';
import { SessionResponseSchema } from '../../shared/protocol';
import type { RunningRelay } from '../../server/relay-server';
import { freshPrefix } from '../support/relay';
import { testScope } from '../integration/harness';

const { cleanups, relayWith } = testScope();

const UNKNOWN_KEY = 'abcdefghijklmnopqrstuvwxyz';

async function call(
  relay: RunningRelay,
  path: string,
  options: { body?: unknown; headers?: Record<string, string>; method?: string } = {},
) {
  const response = await fetch(relay.url + path, {
    method: options.method ?? (options.body === undefined ? 'GET' : 'POST'),
    headers: { 'Content-Type': 'application/json', ...options.headers },
    body: options.body === undefined ? undefined : JSON.stringify(options.body),
  });
  return {
    status: response.status,
    retryAfter: response.headers.get('Retry-After'),
    json: (await response.json().catch(() => null)) as unknown,
  };
}

const lookupFrom = (relay: RunningRelay, forwardedFor: string) =>
  call(relay, '/api/invites/lookup', {
    body: { key: UNKNOWN_KEY },
    headers: { 'X-Forwarded-For': forwardedFor },
  });

describe('per-IP limits', () => {
  it('count an IPv6 client by its /64, whichever of its addresses it uses', async () => {
    const relay = await relayWith({ TRUST_PROXY: '1', LOOKUPS_PER_IP_PER_MIN: '2' });
    expect((await lookupFrom(relay, '2001:db8:1:2::1')).status).toBe(404);
    expect((await lookupFrom(relay, '2001:db8:1:2:aaaa:bbbb:cccc:dddd')).status).toBe(404);
    expect((await lookupFrom(relay, '2001:DB8:1:2::99')).status).toBe(429);
    // The next /64 is someone else.
    expect((await lookupFrom(relay, '2001:db8:1:3::1')).status).toBe(404);
  });

  it('behind a proxy, count the hop the proxy saw, not what the client wrote before it', async () => {
    const relay = await relayWith({ TRUST_PROXY: '1', LOOKUPS_PER_IP_PER_MIN: '1' });
    // The proxy appended 203.0.113.9; the client made up the rest, different each time.
    expect((await lookupFrom(relay, '198.51.100.1, 203.0.113.9')).status).toBe(404);
    expect((await lookupFrom(relay, '198.51.100.2, 203.0.113.9')).status).toBe(429);
    expect((await lookupFrom(relay, '203.0.113.9')).status).toBe(429);
    // Through a second, private proxy, the same client is still the same.
    expect((await lookupFrom(relay, '198.51.100.3, 203.0.113.9, 10.0.0.2')).status).toBe(429);
  });

  it('refuse API calls from pages of other sites before doing anything', async () => {
    const KEY_PREFIX = freshPrefix();
    const relay = await relayWith({ KEY_PREFIX, API_REQUESTS_PER_IP_PER_MIN: '100' });
    const redis = new Redis(inject('redisUrl'));
    cleanups.push(() => redis.quit());

    for (const origin of ['https://evil.example', 'null']) {
      const refused = await call(relay, '/api/session', { body: {}, headers: { Origin: origin } });
      expect(refused).toMatchObject({ status: 403 });
      expect(refused.json).toEqual({ error: { code: 'origin_not_allowed' } });
      const preflight = await call(relay, '/api/session', {
        method: 'OPTIONS',
        headers: { Origin: origin, 'Access-Control-Request-Method': 'POST' },
      });
      expect(preflight.status).toBe(403);
    }
    // No user made, nothing counted: not even the per-IP request counter.
    expect(await redis.keys(`${KEY_PREFIX}*`)).toEqual([]);

    // The extension's origin, and clients that send none (curl, health checks), are served.
    const extension = await call(relay, '/api/session', {
      body: {},
      headers: { Origin: 'chrome-extension://abcdefghijklmnopabcdefghijklmnop' },
    });
    expect(extension.status).toBe(200);
    expect((await call(relay, '/api/session', { body: {} })).status).toBe(200);
    const health = await call(relay, '/healthz', { headers: { Origin: 'https://evil.example' } });
    expect(health).toMatchObject({ status: 200, json: { ok: true } });
  });

  it('cap the new identities one address makes in an hour; keeping one is not capped', async () => {
    const relay = await relayWith({ IDENTITIES_PER_IP_PER_HOUR: '2' });
    const first = await call(relay, '/api/session', { body: {} });
    expect(first.status).toBe(200);
    expect((await call(relay, '/api/session', { body: {} })).status).toBe(200);
    const refused = await call(relay, '/api/session', { body: {} });
    expect(refused.status).toBe(429);
    expect(refused.json).toEqual({
      error: { code: 'too_many_identities', retryAfterS: Number(refused.retryAfter) },
    });
    expect(Number(refused.retryAfter)).toBeGreaterThan(60);
    // Rotating the identity one has goes on.
    let { token } = v.parse(SessionResponseSchema, first.json);
    for (let visit = 0; visit < 3; visit++) {
      const rotated = await call(relay, '/api/session', { body: { token } });
      expect(rotated.status).toBe(200);
      ({ token } = v.parse(SessionResponseSchema, rotated.json));
    }
  });
});
