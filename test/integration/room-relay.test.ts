import { describe, expect, it } from 'vitest';
import { WebSocket, type ClientOptions } from 'ws';
import { CloseCode, MAX_FRAME_BYTES, PROTOCOL_VERSION } from '../../shared/protocol';
import type { RunningRelay } from '../../server/relay-server';
import { newVideo } from '../support/api';
import { startTestRelay, TestClient, testScope } from './harness';

const { cleanups, relayWith } = testScope();

async function join(
  relay: RunningRelay,
  key: string,
  hello?: Parameters<typeof TestClient.join>[2],
) {
  const joined = await TestClient.join(relay, key, hello);
  cleanups.push(() => joined.client.close());
  return joined;
}

async function connect(relay: RunningRelay, options?: ClientOptions) {
  const client = await TestClient.connect(relay, options);
  cleanups.push(() => client.close());
  return client;
}

describe('joining a room', () => {
  it('welcomes members with the room state; only the first joiner sets it', async () => {
    const relay = await relayWith();
    const video = await newVideo(relay, 'jNQXAC9IVRw', 'Me at the zoo');
    const first = await join(relay, video.inviteKey, {
      initial: { playing: true, position: 42.5, rate: 1.5 },
    });
    expect(first.welcome).toMatchObject({
      type: 'welcome',
      v: 1,
      video: { youtubeId: 'jNQXAC9IVRw', title: 'Me at the zoo' },
      state: {
        rev: 1,
        videoId: 'jNQXAC9IVRw',
        playing: true,
        position: 42.5,
        rate: 1.5,
        hold: null,
      },
      heartbeatMs: 15_000,
    });
    expect(first.welcome.state.at).toBeGreaterThan(0);

    const second = await join(relay, video.inviteKey, {
      initial: { playing: false, position: 3, rate: 1 },
    });
    expect(second.welcome.state).toEqual(first.welcome.state);
    expect(second.welcome.memberId).not.toBe(first.welcome.memberId);
  });

  it('starts a room paused at 0 when the first joiner offers no snapshot', async () => {
    const relay = await relayWith();
    const video = await newVideo(relay);
    const { welcome } = await join(relay, video.inviteKey);
    expect(welcome.state).toMatchObject({ rev: 1, playing: false, position: 0, rate: 1 });
  });

  it('refuses an unknown invite key with 4004 and a malformed one as a bad frame', async () => {
    const relay = await relayWith();
    const client = await connect(relay);
    client.send({ type: 'hello', v: 1, key: 'a'.repeat(26) });
    expect(await client.next('error')).toEqual({ type: 'error', code: 'room_not_found' });
    expect((await client.closed).code).toBe(CloseCode.ROOM_NOT_FOUND);

    const malformed = await connect(relay);
    malformed.send({ type: 'hello', v: 1, key: 'not-a-key' });
    // The failing path is named for whoever debugs the client; nothing more is said.
    expect(await malformed.next('error')).toEqual({
      type: 'error',
      code: 'bad_frame',
      detail: expect.stringMatching(/^key: /) as unknown,
    });
    expect((await malformed.closed).code).toBe(CloseCode.BAD_FRAME);
  });

  it('refuses another protocol version with 4001', async () => {
    const relay = await relayWith();
    const video = await newVideo(relay);
    const client = await connect(relay);
    client.send({ type: 'hello', v: 2, key: video.inviteKey });
    expect(await client.next('error')).toEqual({
      type: 'error',
      code: 'unsupported_version',
      version: PROTOCOL_VERSION,
    });
    expect(await client.closed).toEqual({
      code: CloseCode.UNSUPPORTED_VERSION,
      reason: 'unsupported_version',
    });
  });

  it('drops a client that does not say hello in time with 4002', async () => {
    const relay = await relayWith({ HANDSHAKE_MS: '100' });
    const client = await connect(relay);
    expect(await client.next('error')).toMatchObject({ code: 'handshake_timeout' });
    expect((await client.closed).code).toBe(CloseCode.HANDSHAKE_TIMEOUT);
  });

  it('refuses the upgrade from a foreign Origin and accepts extension origins', async () => {
    const relay = await relayWith();
    const refused = new WebSocket(`${relay.url.replace('http', 'ws')}/ws`, {
      origin: 'https://evil.example',
    });
    const refusal = await new Promise<Error>((resolve, reject) => {
      refused.on('error', resolve);
      refused.on('open', () => reject(new Error('upgrade was accepted')));
    });
    expect(refusal.message).toBe('Unexpected server response: 403');

    const allowed = await connect(relay, { origin: 'chrome-extension://abcdefghijklmnop' });
    expect(allowed.ws.readyState).toBe(WebSocket.OPEN);
  });
});

describe('controls', () => {
  it('broadcasts an applied control to every member, the sender included', async () => {
    const relay = await relayWith();
    const video = await newVideo(relay);
    const a = await join(relay, video.inviteKey);
    const b = await join(relay, video.inviteKey);
    const c = await join(relay, video.inviteKey);

    a.client.send({ type: 'control', baseRev: 1, action: 'play', position: 12.25, rate: 1.25 });
    for (const member of [a, b, c]) {
      const frame = await member.client.next('state');
      expect(frame.by).toBe(a.welcome.memberId);
      expect(frame.state).toMatchObject({ rev: 2, playing: true, position: 12.25, rate: 1.25 });
      expect(frame.state.at).toBeGreaterThanOrEqual(a.welcome.state.at);
    }

    // A seek while playing holds the room until everyone is ready (holds.test.ts).
    b.client.send({ type: 'control', baseRev: 2, action: 'seek', position: 99, rate: 1.25 });
    for (const member of [a, b, c]) {
      const frame = await member.client.next('state');
      expect(frame).toMatchObject({
        by: b.welcome.memberId,
        state: { rev: 3, playing: true, position: 99, hold: { id: 3, reason: 'seek' } },
      });
    }
    c.client.send({ type: 'control', baseRev: 3, action: 'pause', position: 100, rate: 1.25 });
    expect((await a.client.next('state')).state).toMatchObject({
      rev: 4,
      playing: false,
      position: 100,
      hold: null,
    });
  });

  it('answers a stale control to its sender alone and leaves the room unchanged', async () => {
    const relay = await relayWith();
    const video = await newVideo(relay);
    const a = await join(relay, video.inviteKey);
    const b = await join(relay, video.inviteKey);

    a.client.send({ type: 'control', baseRev: 1, action: 'seek', position: 10, rate: 1 });
    await a.client.next('state');
    await b.client.next('state');

    b.client.send({ type: 'control', baseRev: 1, action: 'seek', position: 500, rate: 2 });
    expect(await b.client.next('state')).toMatchObject({
      by: null,
      state: { rev: 2, position: 10, rate: 1 },
    });
    // The next broadcast a sees is this later change: nothing was published for the stale one.
    b.client.send({ type: 'control', baseRev: 2, action: 'rate', position: 11, rate: 1.5 });
    expect(await a.client.next('state')).toMatchObject({
      by: b.welcome.memberId,
      state: { rev: 3, position: 11, rate: 1.5 },
    });
    expect(a.client.unread('state')).toEqual([]);
  });

  it('answers pings with relay timestamps on the clock of state.at', async () => {
    const relay = await relayWith();
    const video = await newVideo(relay);
    const { client, welcome } = await join(relay, video.inviteKey);
    client.send({ type: 'ping', id: 7, t0: 123.5 });
    const pong = await client.next('pong');
    expect(pong).toMatchObject({ id: 7, t0: 123.5 });
    expect(pong.t1).toBeGreaterThanOrEqual(welcome.state.at);
    expect(pong.t2).toBeGreaterThanOrEqual(pong.t1);
  });
});

describe('bad clients', () => {
  const badFrames: [string, unknown][] = [
    ['malformed JSON', '{"type":"control",'],
    [
      'a frame of the wrong shape',
      { type: 'control', baseRev: 1, action: 'jump', position: 1, rate: 1 },
    ],
    ['a binary frame', Buffer.from('{"type":"ping","id":1,"t0":1}')],
    ['a second hello', 'hello'],
  ];

  it.each(badFrames)('closes on %s with 4000 and leaves the room alone', async (_name, frame) => {
    const relay = await relayWith();
    const video = await newVideo(relay);
    const good = await join(relay, video.inviteKey);
    const bad = await join(relay, video.inviteKey);

    bad.client.send(frame === 'hello' ? { type: 'hello', v: 1, key: video.inviteKey } : frame);
    expect(await bad.client.next('error')).toMatchObject({
      code: frame === 'hello' ? 'already_joined' : 'bad_frame',
    });
    expect((await bad.client.closed).code).toBe(CloseCode.BAD_FRAME);

    good.client.send({ type: 'ping', id: 1, t0: 1 });
    await good.client.next('pong');
    const late = await join(relay, video.inviteKey);
    expect(late.welcome.state).toEqual(good.welcome.state);
    expect(good.client.unread('state')).toEqual([]);
  });

  const memberFrames: [string, unknown][] = [
    ['control', { type: 'control', baseRev: 1, action: 'play', position: 0, rate: 1 }],
    ['ready', { type: 'ready', holdId: 1 }],
    ['stall', { type: 'stall' }],
    ['nowait', { type: 'nowait' }],
    ['report', { type: 'report', status: 'in_sync', error: 0, rtt: 20 }],
    ['chat', { type: 'chat', text: 'hi' }],
    ['react', { type: 'react', emoji: '👍' }],
    ['rename', { type: 'rename', name: 'Ana' }],
    ['host_only', { type: 'host_only', on: true }],
    ['hand_host', { type: 'hand_host', memberId: 'm1' }],
    ['remove', { type: 'remove', memberId: 'm1' }],
  ];

  it.each(memberFrames)('closes on %s before the welcome with 4000', async (_name, frame) => {
    const relay = await relayWith();
    const client = await connect(relay);
    client.send(frame);
    expect(await client.next('error')).toEqual({ type: 'error', code: 'not_joined' });
    expect((await client.closed).code).toBe(CloseCode.BAD_FRAME);
  });

  it('closes on anything but hello as the first frame', async () => {
    const relay = await relayWith();
    const client = await connect(relay);
    client.send({ type: 'ping', id: 1, t0: 1 });
    expect(await client.next('error')).toEqual({ type: 'error', code: 'not_joined' });
    expect((await client.closed).code).toBe(CloseCode.BAD_FRAME);
  });

  it('closes on a frame over the size limit with 1009', async () => {
    const relay = await relayWith();
    const video = await newVideo(relay);
    const { client } = await join(relay, video.inviteKey);
    client.send(JSON.stringify({ type: 'ping', id: 1, t0: 1, pad: 'x'.repeat(MAX_FRAME_BYTES) }));
    expect((await client.closed).code).toBe(CloseCode.TOO_BIG);
  });

  it('closes a flooding client with 4008', async () => {
    const relay = await relayWith();
    const video = await newVideo(relay);
    const { client } = await join(relay, video.inviteKey);
    for (let id = 0; id < 100; id++) client.send({ type: 'ping', id, t0: 1 });
    expect(await client.next('error')).toMatchObject({ code: 'rate_limited' });
    expect((await client.closed).code).toBe(CloseCode.RATE_LIMITED);
    const pongs = client.unread('pong');
    expect(pongs.length).toBeLessThan(100);
  });
});

describe('heartbeat', () => {
  it('re-sends the room state to every member', async () => {
    const relay = await relayWith({ HEARTBEAT_MS: '50' });
    const video = await newVideo(relay);
    const { client, welcome } = await join(relay, video.inviteKey);
    expect(welcome.heartbeatMs).toBe(50);
    expect(await client.next('state')).toEqual({ type: 'state', state: welcome.state, by: null });
    expect(await client.next('state')).toEqual({ type: 'state', state: welcome.state, by: null });
  });

  it('terminates a member that stops answering pings', async () => {
    const relay = await relayWith({ HEARTBEAT_MS: '50' });
    const video = await newVideo(relay);
    const client = await connect(relay, { autoPong: false });
    client.send({ type: 'hello', v: 1, key: video.inviteKey });
    await client.next('welcome');
    expect((await client.closed).code).toBe(1006);
  });
});

describe('shutdown', () => {
  it('closes members with 1001', async () => {
    const relay = await startTestRelay();
    const video = await newVideo(relay);
    const { client } = await TestClient.join(relay, video.inviteKey);
    await relay.close();
    expect((await client.closed).code).toBe(CloseCode.GOING_AWAY);
  });
});
