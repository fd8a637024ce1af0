import { describe, expect, it, vi } from 'vitest';
import { WebSocket } from 'ws';
import { CloseCode, MAX_FRAME_BYTES } from '../../shared/protocol';
import type { RunningRelay } from '../../server/relay-server';
import { api, newVideo } from '../support/api';
import { TestClient, WAIT, testScope } from './harness';

const { cleanups, relayWith } = testScope();

async function connect(relay: RunningRelay) {
  const client = await TestClient.connect(relay);
  cleanups.push(() => client.close());
  return client;
}

/** Every sample of `/metrics` by its series name, labels included (`name{label="x"}`). */
async function scrape(relay: RunningRelay, token?: string): Promise<Map<string, number>> {
  const response = await fetch(`${relay.url}/metrics`, {
    headers: token === undefined ? {} : { Authorization: `Bearer ${token}` },
  });
  expect(response.status).toBe(200);
  expect(response.headers.get('Content-Type')).toBe('text/plain; version=0.0.4; charset=utf-8');
  const samples = new Map<string, number>();
  for (const line of (await response.text()).split('\n')) {
    if (line === '' || line.startsWith('#')) continue;
    const match = /^(\S+) (\S+)$/.exec(line);
    if (!match?.[1] || !match[2]) throw new Error(`not a sample line: ${line}`);
    samples.set(match[1], Number(match[2]));
  }
  return samples;
}

describe('/metrics', () => {
  it('counts connections, rooms, messages, rejects and HTTP answers', async () => {
    const relay = await relayWith({ HANDSHAKE_MS: '300' });
    const before = await scrape(relay);
    expect(before.get('wewatch_connections')).toBe(0);
    expect(before.get('wewatch_rooms')).toBe(0);
    expect(before.get('wewatch_messages_total{direction="in"}')).toBe(0);
    expect(before.get('process_resident_memory_bytes')).toBeGreaterThan(0);
    expect(before.get('nodejs_heap_used_bytes')).toBeGreaterThan(0);

    const video = await newVideo(relay);
    const a = await TestClient.join(relay, video.inviteKey);
    const b = await TestClient.join(relay, video.inviteKey);
    cleanups.push(
      () => a.client.close(),
      () => b.client.close(),
    );
    const joined = await scrape(relay);
    expect(joined.get('wewatch_connections')).toBe(2);
    expect(joined.get('wewatch_rooms')).toBe(1);
    expect(joined.get('wewatch_messages_total{direction="in"}')).toBe(2);
    expect(joined.get('wewatch_messages_total{direction="out"}')).toBeGreaterThanOrEqual(2);
    expect(joined.get('wewatch_http_requests_total{status="201"}')).toBe(1);

    const badFrame = await connect(relay);
    badFrame.send('not json');
    expect((await badFrame.closed).code).toBe(CloseCode.BAD_FRAME);
    const wrongKey = await connect(relay);
    wrongKey.send({ type: 'hello', v: 1, key: 'abcdefghijklmnopqrstuvwxyz' });
    expect((await wrongKey.closed).code).toBe(CloseCode.ROOM_NOT_FOUND);
    const silent = await connect(relay);
    expect((await silent.closed).code).toBe(CloseCode.HANDSHAKE_TIMEOUT);
    const tooBig = await connect(relay);
    tooBig.send('x'.repeat(MAX_FRAME_BYTES + 1));
    expect((await tooBig.closed).code).toBe(CloseCode.TOO_BIG);
    const foreign = new WebSocket(`${relay.url.replace(/^http/, 'ws')}/ws`, {
      origin: 'https://evil.example',
    });
    await new Promise((resolve) => foreign.once('error', resolve));
    expect((await api(relay, '/api/nowhere')).status).toBe(404);

    a.client.close();
    b.client.close();
    await vi.waitFor(async () => {
      const after = await scrape(relay);
      expect(after.get('wewatch_connections')).toBe(0);
      expect(after.get('wewatch_rooms')).toBe(0);
      for (const reason of [
        'bad_frame',
        'room_not_found',
        'handshake_timeout',
        'too_big',
        'origin',
      ]) {
        expect(after.get(`wewatch_rejects_total{reason="${reason}"}`), reason).toBe(1);
      }
      expect(after.get('wewatch_http_requests_total{status="404"}')).toBe(1);
      expect(after.get('wewatch_messages_total{direction="in"}')).toBeGreaterThan(
        joined.get('wewatch_messages_total{direction="in"}') ?? Infinity,
      );
    }, WAIT);
  });

  it('times controls from arrival to delivery, and the Redis scripts', async () => {
    const relay = await relayWith({});
    const video = await newVideo(relay);
    const a = await TestClient.join(relay, video.inviteKey);
    const b = await TestClient.join(relay, video.inviteKey);
    cleanups.push(
      () => a.client.close(),
      () => b.client.close(),
    );
    const before = await scrape(relay);
    expect(before.get('wewatch_control_delivery_seconds_count')).toBe(0);
    expect(before.get('wewatch_redis_script_seconds_count')).toBeGreaterThan(0);

    const rev = b.welcome.state.rev;
    a.client.send({ type: 'control', baseRev: rev, action: 'play', position: 5, rate: 1 });
    expect((await b.client.next('state')).state.rev).toBe(rev + 1);
    // A stale control is answered to its sender alone: nothing was delivered to the room.
    a.client.send({ type: 'control', baseRev: rev, action: 'pause', position: 9, rate: 1 });
    await a.client.next('state');
    await a.client.next('state');
    await vi.waitFor(async () => {
      const after = await scrape(relay);
      expect(after.get('wewatch_control_delivery_seconds_count')).toBe(1);
      expect(after.get('wewatch_control_delivery_seconds_bucket{le="+Inf"}')).toBe(1);
      expect(after.get('wewatch_control_delivery_seconds_sum')).toBeGreaterThan(0);
      expect(after.get('wewatch_redis_script_seconds_count')).toBeGreaterThanOrEqual(
        (before.get('wewatch_redis_script_seconds_count') ?? Infinity) + 2,
      );
    }, WAIT);
  });

  it('counts refusals by per-IP limits', async () => {
    const relay = await relayWith({ LOOKUPS_PER_IP_PER_MIN: '1' });
    for (let i = 0; i < 3; i++) {
      await api(relay, '/api/invites/lookup', { body: { key: 'abcdefghijklmnopqrstuvwxyz' } });
    }
    const samples = await scrape(relay);
    expect(samples.get('wewatch_rate_limited_total{limit="lookups"}')).toBe(2);
    expect(samples.get('wewatch_http_requests_total{status="429"}')).toBe(2);
  });

  it('requires METRICS_TOKEN as a bearer token when it is set', async () => {
    const token = 'metrics-token-for-tests';
    const relay = await relayWith({ METRICS_TOKEN: token });
    for (const authorization of [undefined, 'Bearer wrong-token', token]) {
      const response = await fetch(`${relay.url}/metrics`, {
        headers: authorization === undefined ? {} : { Authorization: authorization },
      });
      expect(response.status).toBe(401);
      expect(response.headers.get('WWW-Authenticate')).toBe('Bearer');
      await response.body?.cancel();
    }
    expect((await scrape(relay, token)).get('wewatch_connections')).toBe(0);
  });
});
