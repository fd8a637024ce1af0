import { describe, expect, it, vi } from 'vitest';
import { WebSocket } from 'ws';
import { CloseCode, ServerFrameSchema, parseFrame } from '../../shared/protocol';
import type { RunningRelay } from '../../server/relay-server';
import { api, newVideo } from '../support/api';
import { startTestRelay, TestClient, testScope } from './harness';
import { FrameFuzzer, type FuzzKind, type FuzzTargets } from './support/frame-fuzzer';
import { rawText } from './support/reconnecting-member';
import { SeededRandom } from '../support/seeded-random';

const { cleanups } = testScope();

/** At least this many connections and frames. */
const CONNECTIONS = 500;
const FRAMES = 10_000;
const FRAMES_PER_CONNECTION = 20;
const PARALLEL = 25;
/** More than the relay's per-connection burst (40 frames). */
const BURST_FRAMES = 60;
/** Set in the final ping of each connection, to tell when the relay has read everything. */
const LAST_PING_ID = 2 ** 31 + 1;
/** Close codes the relay may use on an offender: the protocol's own (1009 among them). */
const OFFENDER_CODES = new Set<number>(Object.values(CloseCode));
/** We close connections that never offended with 1000 ourselves. */
const CLIENT_CLOSE = 1000;

interface FuzzOutcome {
  code: number;
  invalidServerFrames: number;
}

/**
 * One hostile connection: maybe joins the fuzz room first, then sends its frames back to back,
 * then a ping; ends when the relay closes it or has answered the ping (then it closes itself).
 */
async function fuzzConnection(
  relay: RunningRelay,
  fuzzer: FrameFuzzer,
  random: SeededRandom,
  targets: FuzzTargets,
  sent: Map<FuzzKind, number>,
): Promise<FuzzOutcome> {
  const ws = new WebSocket(`${relay.url.replace(/^http/, 'ws')}/ws`);
  let invalidServerFrames = 0;
  let welcomed: () => void = () => {};
  const welcome = new Promise<void>((resolve) => (welcomed = resolve));
  let answered: () => void = () => {};
  const lastPong = new Promise<void>((resolve) => (answered = resolve));
  const closed = new Promise<number>((resolve) => ws.on('close', (code) => resolve(code)));
  ws.on('error', () => {});
  ws.on('message', (data, isBinary) => {
    const parsed = isBinary ? null : parseFrame(ServerFrameSchema, rawText(data));
    if (!parsed?.ok) {
      invalidServerFrames++;
      return;
    }
    const frame = parsed.value;
    if (frame.type === 'welcome') {
      targets.memberIds.push(frame.memberId);
      welcomed();
    }
    if (frame.type === 'pong' && frame.id === LAST_PING_ID) answered();
  });
  await new Promise((resolve, reject) => {
    ws.once('open', resolve);
    ws.once('error', reject);
  });
  const send = (data: string | Buffer, binary = false) => ws.send(data, { binary }, () => {});
  // Mostly a mix of everything; some only valid frames; some a burst of harmless frames beyond
  // the frame budget; some strangers knocking with an unknown invite key.
  const style = random.pick(['mixed', 'mixed', 'mixed', 'mixed', 'valid', 'burst', 'stranger']);
  // Most get into the room first, so that member frames reach the room's logic.
  if (style === 'burst' || (style !== 'stranger' && random.chance(0.6))) {
    send(JSON.stringify({ type: 'hello', v: 1, key: targets.inviteKey }));
    await Promise.race([welcome, closed]);
  }
  const frames =
    style === 'burst'
      ? Array.from({ length: BURST_FRAMES }, () => fuzzer.nextHarmless())
      : style === 'stranger'
        ? [fuzzer.strangerHello()]
        : Array.from({ length: FRAMES_PER_CONNECTION }, () =>
            style === 'mixed' ? fuzzer.next() : fuzzer.nextValid(),
          );
  for (const frame of frames) {
    sent.set(frame.kind, (sent.get(frame.kind) ?? 0) + 1);
    send(frame.data, frame.binary);
  }
  send(JSON.stringify({ type: 'ping', id: LAST_PING_ID, t0: 0 }));
  const outcome = await Promise.race([closed, lastPong.then(() => null)]);
  if (outcome !== null) return { code: outcome, invalidServerFrames };
  ws.close(CLIENT_CLOSE);
  return { code: await closed, invalidServerFrames };
}

describe('a fuzzed relay', () => {
  it('closes offenders with protocol codes and keeps serving everyone else', async () => {
    const random = SeededRandom.fromEnv();
    console.log(`fuzz seed ${random.seed} (TEST_SEED=${random.seed} replays it)`);
    const relay = await startTestRelay({ CHAT_BURST: '1000', CHAT_REFILL_MS: '1' });
    cleanups.push(() => relay.close());
    const legitVideo = await newVideo(relay, 'dQw4w9WgXcQ', 'Ours');
    const idleVideo = await newVideo(relay, 'jNQXAC9IVRw', 'Idle');
    const fuzzVideo = await newVideo(relay, 'M7lc1UVf-VE', 'Theirs');
    const ana = await TestClient.join(relay, legitVideo.inviteKey, { name: 'Ana' });
    const ben = await TestClient.join(relay, legitVideo.inviteKey, { name: 'Ben' });
    const idle = await TestClient.join(relay, idleVideo.inviteKey, { name: 'Ida' });
    for (const { client } of [ana, ben, idle]) cleanups.push(() => client.close());
    const legitIds = [ana.welcome.memberId, ben.welcome.memberId];

    // The fuzzers know the legit members' ids (as if leaked), never their invite key.
    const targets: FuzzTargets = { inviteKey: fuzzVideo.inviteKey, memberIds: [...legitIds] };
    const fuzzer = new FrameFuzzer(random, targets);
    const sent = new Map<FuzzKind, number>();
    const codes = new Map<number, number>();
    let invalidServerFrames = 0;
    let legitRev = 1;
    const started = performance.now();
    const framesSent = () => [...sent.values()].reduce((sum, n) => sum + n, 0);
    let connections = 0;
    for (let batch = 0; connections < CONNECTIONS || framesSent() < FRAMES; batch++) {
      connections += PARALLEL;
      const outcomes = await Promise.all(
        Array.from({ length: PARALLEL }, () =>
          fuzzConnection(relay, fuzzer, random, targets, sent),
        ),
      );
      for (const outcome of outcomes) {
        codes.set(outcome.code, (codes.get(outcome.code) ?? 0) + 1);
        invalidServerFrames += outcome.invalidServerFrames;
      }
      // The legit room keeps working meanwhile: a change every few batches reaches both.
      if (batch % 4 === 0) {
        const by = batch % 8 === 0 ? ana : ben;
        by.client.send({
          type: 'control',
          baseRev: legitRev,
          action: 'seek',
          position: batch,
          rate: 1,
        });
        legitRev++;
        for (const { client } of [ana, ben]) {
          expect(await client.next('state')).toMatchObject({
            by: by.welcome.memberId,
            state: { rev: legitRev, position: batch, videoId: 'dQw4w9WgXcQ' },
          });
        }
      }
    }
    const fuzzMs = Math.round(performance.now() - started);
    const frames = framesSent();
    const byCode = Object.fromEntries([...codes].toSorted(([a], [b]) => a - b));
    console.log(
      `fuzz: ${frames} frames over ${connections} connections in ${fuzzMs} ms; ` +
        `sent ${JSON.stringify(Object.fromEntries(sent))}; close codes ${JSON.stringify(byCode)}`,
    );

    expect(frames).toBeGreaterThanOrEqual(FRAMES);
    expect(invalidServerFrames).toBe(0);
    for (const code of codes.keys()) {
      expect(code === CLIENT_CLOSE || OFFENDER_CODES.has(code), `close code ${code}`).toBe(true);
    }
    // Every kind of offence was met with a close.
    for (const code of [
      CloseCode.BAD_FRAME,
      CloseCode.TOO_BIG,
      CloseCode.NOT_UTF8,
      CloseCode.ROOM_NOT_FOUND,
      CloseCode.RATE_LIMITED,
    ]) {
      expect(codes.get(code)).toBeGreaterThan(0);
    }

    // Still healthy, and the legit rooms saw only their own doings.
    expect(await api(relay, '/healthz')).toMatchObject({ status: 200, json: { ok: true } });
    ana.client.send({ type: 'ping', id: 1, t0: 1 });
    await ana.client.next('pong');
    await vi.waitFor(async () => {
      const late = await TestClient.join(relay, legitVideo.inviteKey);
      late.client.close();
      expect(late.welcome.state.rev).toBe(legitRev);
      expect(late.welcome.members.map((m) => m.id).toSorted()).toEqual(
        [...legitIds, late.welcome.memberId].toSorted(),
      );
    });
    for (const { client } of [ana, ben, idle]) {
      expect(client.unread('message')).toEqual([]);
      expect(client.unread('reaction')).toEqual([]);
      expect(client.unread('error')).toEqual([]);
      for (const frame of client.unread('state')) {
        if (frame.type === 'state') expect(frame.state.videoId).not.toBe('M7lc1UVf-VE');
      }
    }
    const idleNow = await TestClient.join(relay, idleVideo.inviteKey);
    cleanups.push(() => idleNow.client.close());
    expect(idleNow.welcome.state).toEqual(idle.welcome.state);
  });
});
