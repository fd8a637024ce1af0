/**
 * Timeouts everywhere: a slow client, a crowd of sockets or a stalled Redis cannot make a relay
 * node hold on to work without end.
 */
import { once } from 'node:events';
import type { IncomingMessage } from 'node:http';
import { connect, type Socket } from 'node:net';
import { performance } from 'node:perf_hooks';
import { Redis } from 'ioredis';
import { describe, expect, it, vi } from 'vitest';
import { WebSocket } from 'ws';
import type { RunningRelay } from '../../server/relay-server';
import { startRedis } from '../support/redis-server';
import { api, newSession, saveVideo, youtubeId } from '../support/api';
import { startTestRelay, TestClient, testScope } from '../integration/harness';

const { cleanups, relayWith } = testScope();

/** How long a test gives the relay to cut a client off, well under Node's own defaults. */
const CUT_OFF_WITHIN_MS = 3000;
/** How long the stalled Redis answers nobody. */
const STALL_MS = 4000;

/** A raw TCP client that records what it receives and when the relay closed it. */
async function rawClient(relay: RunningRelay) {
  const socket: Socket = connect(relay.port, '127.0.0.1');
  socket.on('error', () => {});
  await once(socket, 'connect');
  let received = '';
  socket.on('data', (data: Buffer) => (received += data.toString('latin1')));
  const closed = new Promise<number>((resolve) =>
    socket.once('close', () => resolve(performance.now())),
  );
  cleanups.push(() => void socket.destroy());
  return { socket, closed, received: () => received };
}

/** Writes one byte every 100 ms until the socket closes. */
function trickle(socket: Socket, byte: string): void {
  const timer = setInterval(() => socket.write(byte), 100);
  socket.once('close', () => clearInterval(timer));
  cleanups.push(() => clearInterval(timer));
}

/** Resolves with the time `closed` settles, failing once `ms` have passed. */
function within(closed: Promise<number>, ms: number): Promise<number> {
  return Promise.race([
    closed,
    new Promise<never>((_, reject) =>
      setTimeout(() => reject(new Error(`still open after ${ms} ms`)), ms),
    ),
  ]);
}

describe('HTTP timeouts', () => {
  it('cut off a client that sends its headers byte by byte (slowloris)', async () => {
    const relay = await relayWith({ HTTP_HEADERS_TIMEOUT_MS: '500' });
    const client = await rawClient(relay);
    const start = performance.now();
    client.socket.write('GET /healthz HTTP/1.1\r\nHost: relay\r\nX-Trickle: ');
    trickle(client.socket, 'a');
    const closedAt = await within(client.closed, CUT_OFF_WITHIN_MS);
    expect(client.received()).toMatch(/^HTTP\/1\.1 408 Request Timeout/);
    expect(closedAt - start).toBeGreaterThanOrEqual(450);
  });

  it('cut off a client that sends its body byte by byte', async () => {
    const relay = await relayWith({
      HTTP_HEADERS_TIMEOUT_MS: '500',
      HTTP_REQUEST_TIMEOUT_MS: '1000',
    });
    const client = await rawClient(relay);
    client.socket.write(
      'POST /api/invites/lookup HTTP/1.1\r\nHost: relay\r\nContent-Type: application/json\r\n' +
        'Content-Length: 1000\r\n\r\n{"key":"',
    );
    trickle(client.socket, 'a');
    await within(client.closed, CUT_OFF_WITHIN_MS);
    expect(client.received()).toMatch(/^HTTP\/1\.1 408 Request Timeout/);
  });

  it('close an idle keep-alive connection', async () => {
    const relay = await relayWith({ HTTP_KEEPALIVE_TIMEOUT_MS: '300' });
    const client = await rawClient(relay);
    client.socket.write('GET /healthz HTTP/1.1\r\nHost: relay\r\n\r\n');
    await vi.waitFor(() => expect(client.received()).toContain('{"ok":true}'));
    // Node adds a second of its own; its default would close only after six.
    await within(client.closed, CUT_OFF_WITHIN_MS);
  });
});

describe('the per-node connection cap', () => {
  it('refuses the upgrade past MAX_CONNECTIONS_PER_NODE with a 503 that says why', async () => {
    const relay = await relayWith({ MAX_CONNECTIONS_PER_NODE: '2' });
    const first = await TestClient.connect(relay);
    const second = await TestClient.connect(relay);
    cleanups.push(
      () => first.close(),
      () => second.close(),
    );

    const third = new WebSocket(`${relay.url.replace(/^http/, 'ws')}/ws`);
    const response = await new Promise<IncomingMessage>((resolve, reject) => {
      third.once('unexpected-response', (_request, answer: IncomingMessage) => resolve(answer));
      third.once('open', () => {
        third.close();
        reject(new Error('the relay took a socket past its cap'));
      });
    });
    let body = '';
    for await (const chunk of response) body += String(chunk);
    expect(response.statusCode).toBe(503);
    expect(response.headers['retry-after']).toBe('5');
    expect(JSON.parse(body)).toEqual({ error: { code: 'node_full', retryAfterS: 5 } });
    // The API still answers while the sockets are at the cap.
    expect((await api(relay, '/healthz')).status).toBe(200);

    // A closed socket frees its place.
    first.close();
    await first.closed;
    await vi.waitFor(async () => {
      const next = await TestClient.connect(relay);
      cleanups.push(() => next.close());
    });
  });
});

describe('a stalled Redis', () => {
  it('makes API calls and joins fail with 503 and 1013 within the command timeout', async () => {
    const own = await startRedis();
    cleanups.push(() => own.stop());
    const relay = await startTestRelay({ REDIS_COMMAND_TIMEOUT_MS: '300' }, own.url);
    cleanups.push(() => relay.close());
    const { session } = await newSession(relay);
    const video = await saveVideo(relay, session, { youtubeId: youtubeId(1), title: 'One' });
    const pauser = new Redis(own.url);
    cleanups.push(() => pauser.quit());

    // Redis stops answering anyone, this client too (as in a long fork, a slow disk or a busy
    // script), for longer than the checks below take.
    await pauser.call('CLIENT', 'PAUSE', String(STALL_MS), 'ALL');
    const start = performance.now();
    expect(await api(relay, '/api/library', { session })).toMatchObject({
      status: 503,
      json: { error: { code: 'unavailable' } },
    });
    expect(await api(relay, '/healthz')).toMatchObject({ status: 503, json: { ok: false } });
    const joiner = await TestClient.connect(relay);
    cleanups.push(() => joiner.close());
    joiner.send({ type: 'hello', v: 1, key: video.inviteKey });
    expect(await joiner.next('error')).toMatchObject({ code: 'unavailable' });
    expect((await joiner.closed).code).toBe(1013);
    expect(performance.now() - start).toBeLessThan(CUT_OFF_WITHIN_MS);

    // When Redis answers again, so does the relay.
    await vi.waitFor(
      async () =>
        expect(await api(relay, '/api/library', { session })).toMatchObject({ status: 200 }),
      { timeout: STALL_MS + 5000, interval: 50 },
    );
  });
});
