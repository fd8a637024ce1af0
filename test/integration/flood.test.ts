import { describe, expect, it, vi } from 'vitest';
import { CloseCode, type ClientFrame } from '../../shared/protocol';
import type { RunningRelay } from '../../server/relay-server';
import { newVideo } from '../support/api';
import { startTestRelay, TestClient, testScope, WAIT } from './harness';

const { cleanups } = testScope();

const FLOOD_MS = 1500;
/** Frames per flooding connection, sent back to back: far beyond its budget of 40. */
const FLOOD_FRAMES = 500;
/** Generous: on an idle machine a round trip here takes a few milliseconds. */
const MAX_LATENCY_MS = 500;

/** What a flooder sends: pings, reports, stale controls and reactions, in turn. */
function floodFrame(i: number): ClientFrame {
  switch (i % 4) {
    case 0:
      return { type: 'ping', id: i, t0: i };
    case 1:
      return { type: 'report', status: i % 8 === 1 ? 'in_sync' : 'buffering', error: 0, rtt: 9 };
    case 2:
      return { type: 'control', baseRev: 0, action: 'seek', position: i, rate: 2 };
    default:
      return { type: 'react', emoji: '🔥' };
  }
}

/**
 * Joins, floods, and records how the relay ended it in `outcomes`; again and again until
 * `until`.
 */
async function flood(
  relay: RunningRelay,
  key: string,
  until: number,
  outcomes: { code: number; rateLimited: boolean; sent: number }[],
) {
  while (performance.now() < until) {
    const { client } = await TestClient.join(relay, key, { name: 'Flo' });
    cleanups.push(() => client.close());
    for (let i = 0; i < FLOOD_FRAMES; i++) client.send(floodFrame(i));
    const { code } = await client.closed;
    const rateLimited = client
      .unread('error')
      .some((f) => f.type === 'error' && f.code === 'rate_limited');
    outcomes.push({ code, rateLimited, sent: FLOOD_FRAMES });
  }
}

describe('a flooding member', () => {
  it('is cut off by its frame budget while its room-mates carry on undisturbed', async () => {
    const relay = await startTestRelay();
    cleanups.push(() => relay.close());
    const video = await newVideo(relay);
    const ana = await TestClient.join(relay, video.inviteKey, { name: 'Ana' });
    const ben = await TestClient.join(relay, video.inviteKey, { name: 'Ben' });
    for (const { client } of [ana, ben]) cleanups.push(() => client.close());

    const outcomes: { code: number; rateLimited: boolean; sent: number }[] = [];
    let flooded = false;
    const flooding = flood(relay, video.inviteKey, performance.now() + FLOOD_MS, outcomes).then(
      () => {
        flooded = true;
      },
    );
    let rev = 1;
    let maxPingMs = 0;
    let maxStateMs = 0;
    let probes = 0;
    const until = performance.now() + FLOOD_MS;
    while (performance.now() < until) {
      // Ben's clock sync still answers promptly…
      const pingAt = performance.now();
      ben.client.send({ type: 'ping', id: probes, t0: 1 });
      await ben.client.nextWhere('pong', (pong) => pong.id === probes);
      maxPingMs = Math.max(maxPingMs, performance.now() - pingAt);
      // …and Ana's changes reach him as quickly as ever.
      const sentAt = performance.now();
      ana.client.send({ type: 'control', baseRev: rev, action: 'seek', position: probes, rate: 1 });
      rev++;
      const frame = await ben.client.nextWhere('state', (f) => f.state.rev >= rev);
      maxStateMs = Math.max(maxStateMs, performance.now() - sentAt);
      expect(frame).toMatchObject({ by: ana.welcome.memberId, state: { rev, position: probes } });
      probes++;
      // The next probe once three more flooders have been cut off (the flood goes on between
      // probes, and Ana stays within her own frame budget), or once the flood is over.
      const seen = outcomes.length;
      await vi.waitFor(
        () => {
          if (!flooded && outcomes.length < seen + 3) throw new Error('the flood goes on');
        },
        { ...WAIT, timeout: FLOOD_MS + 5000 },
      );
    }
    await flooding;

    expect(outcomes.length).toBeGreaterThan(0);
    for (const outcome of outcomes) {
      expect(outcome).toMatchObject({ code: CloseCode.RATE_LIMITED, rateLimited: true });
    }
    expect(maxPingMs).toBeLessThan(MAX_LATENCY_MS);
    expect(maxStateMs).toBeLessThan(MAX_LATENCY_MS);
    // The room is exactly what Ana made it: no flooder's control got through.
    const late = await TestClient.join(relay, video.inviteKey);
    cleanups.push(() => late.client.close());
    expect(late.welcome.state).toMatchObject({ rev, position: probes - 1, rate: 1 });
    for (const { client } of [ana, ben]) {
      expect(client.unread('error')).toEqual([]);
      expect(client.ws.readyState).toBe(client.ws.OPEN);
    }
    console.log(
      `flood: ${outcomes.length} flooding connections × ${FLOOD_FRAMES} frames, all closed ` +
        `with ${CloseCode.RATE_LIMITED}; ${probes} probes, worst ping ${Math.round(maxPingMs)} ms, ` +
        `worst state delivery ${Math.round(maxStateMs)} ms`,
    );
  });
});
