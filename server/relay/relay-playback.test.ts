import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { MemoryCluster, settle } from './testing/memory-cluster';

const KEY = 'abcdefghijklmnopqrstuvwxyz';
const OWNER_SESSION = 'o'.repeat(43);
const GUEST_SESSION = 'g'.repeat(43);

let cluster: MemoryCluster;

beforeEach(() => {
  vi.useFakeTimers({
    toFake: ['setTimeout', 'clearTimeout', 'setInterval', 'clearInterval', 'Date', 'performance'],
  });
  cluster = new MemoryCluster({ caps: { seekHoldCapMs: 3000, stallHoldCapMs: 8000 } });
  cluster.video(KEY, 'owner');
  cluster.lookups.addSession(OWNER_SESSION, 'owner');
  cluster.lookups.addSession(GUEST_SESSION, 'guest');
});

afterEach(async () => {
  await cluster.close();
  vi.useRealTimers();
});

function control(baseRev: number, action: 'play' | 'pause' | 'seek' | 'rate', position = 0) {
  return { type: 'control', baseRev, action, position, rate: 1 } as const;
}

describe('the relay core on in-memory ports', () => {
  it('welcomes a hello with the room, then its history', async () => {
    const relay = cluster.node();
    const { client, welcome } = await cluster.join(relay, KEY, { name: 'Ana' });
    expect(welcome).toMatchObject({
      v: 1,
      video: { youtubeId: 'dQw4w9WgXcQ', title: 'A video' },
      state: { rev: 1, playing: false, position: 0, hold: null },
      members: [{ name: 'Ana', status: 'syncing' }],
      hostOnly: false,
    });
    expect(client.received.map((frame) => frame.type)).toEqual(['welcome', 'history']);
  });

  it('fans a control out to every member, on every node, naming its sender', async () => {
    const one = cluster.node();
    const two = cluster.node();
    const ana = await cluster.join(one, KEY);
    const ben = await cluster.join(two, KEY);
    ana.client.sendFrame(control(1, 'seek', 42));
    await settle();
    for (const { client } of [ana, ben]) {
      expect(client.last('state')).toEqual({
        type: 'state',
        state: expect.objectContaining({ rev: 2, position: 42 }) as unknown,
        by: ana.welcome.memberId,
      });
    }
  });

  it('answers a control made on a stale rev to its sender alone, with the room as it is', async () => {
    const relay = cluster.node();
    const ana = await cluster.join(relay, KEY);
    const ben = await cluster.join(relay, KEY);
    ana.client.sendFrame(control(1, 'seek', 10));
    await settle();
    ben.client.fresh();
    ben.client.sendFrame(control(1, 'seek', 99));
    await settle();
    expect(ben.client.fresh()).toEqual([
      {
        type: 'state',
        state: expect.objectContaining({ rev: 2, position: 10 }) as unknown,
        by: null,
      },
    ]);
    expect(ana.client.all('state').map((frame) => frame.state.rev)).toEqual([2]);
  });

  it('lets only the host control playback under the host-only lock', async () => {
    const relay = cluster.node();
    const host = await cluster.join(relay, KEY, { session: OWNER_SESSION });
    const guest = await cluster.join(relay, KEY, { session: GUEST_SESSION });
    guest.client.sendFrame({ type: 'host_only', on: true });
    await settle();
    expect(guest.client.last('error')).toEqual({ type: 'error', code: 'host_only' });

    host.client.sendFrame({ type: 'host_only', on: true });
    // Member lists go out at most every push gap.
    await vi.advanceTimersByTimeAsync(250);
    await settle();
    expect(guest.client.last('members')).toMatchObject({ hostOnly: true });
    guest.client.fresh();
    guest.client.sendFrame(control(1, 'play'));
    await settle();
    expect(guest.client.fresh()).toEqual([
      { type: 'state', state: expect.objectContaining({ rev: 1 }) as unknown, by: null },
      { type: 'error', code: 'host_only' },
    ]);
    host.client.sendFrame(control(1, 'play'));
    await settle();
    expect(guest.client.last('state')).toMatchObject({ state: { rev: 2, playing: true } });
  });

  it('holds a playing room on a seek until every member is ready', async () => {
    const relay = cluster.node();
    const ana = await cluster.join(relay, KEY);
    const ben = await cluster.join(relay, KEY);
    ana.client.sendFrame(control(1, 'play'));
    await settle();
    ana.client.sendFrame(control(2, 'seek', 30));
    await settle();
    const held = ben.client.last('state')?.state;
    expect(held?.hold).toMatchObject({
      reason: 'seek',
      waitingFor: [ana.welcome.memberId, ben.welcome.memberId],
    });
    const holdId = held?.hold?.id ?? 0;

    ana.client.sendFrame({ type: 'ready', holdId });
    await settle();
    expect(ben.client.last('state')?.state.hold?.waitingFor).toEqual([ben.welcome.memberId]);
    ben.client.sendFrame({ type: 'ready', holdId });
    await settle();
    expect(ana.client.last('state')?.state).toMatchObject({
      hold: null,
      playing: true,
      position: 30,
    });
  });

  it('releases a seek hold once the clock passes its deadline', async () => {
    const relay = cluster.node();
    const ana = await cluster.join(relay, KEY);
    await cluster.join(relay, KEY);
    ana.client.sendFrame(control(1, 'play'));
    await settle();
    ana.client.sendFrame(control(2, 'seek', 30));
    await settle();
    const deadline = ana.client.last('state')?.state.hold?.deadline ?? 0;
    expect(deadline).toBe(Date.now() + 3000);

    await vi.advanceTimersByTimeAsync(2999);
    await settle();
    expect(ana.client.last('state')?.state.hold).not.toBeNull();
    await vi.advanceTimersByTimeAsync(1);
    await settle();
    // The relay itself released it.
    expect(ana.client.last('state')).toMatchObject({
      state: { hold: null, playing: true },
      by: null,
    });
  });

  it('releases a hold once at its deadline, though every node tries', async () => {
    // Events take a millisecond to arrive: each node's timer fires before it hears of the other's
    // release, so both try.
    cluster = new MemoryCluster({ caps: { seekHoldCapMs: 3000 }, busLatencyMs: 1 });
    cluster.video(KEY, 'owner');
    const one = cluster.node();
    const two = cluster.node();
    const ana = cluster.hello(one, KEY);
    const ben = cluster.hello(two, KEY);
    await vi.advanceTimersByTimeAsync(10);
    ana.sendFrame(control(1, 'play'));
    await vi.advanceTimersByTimeAsync(10);
    ana.sendFrame(control(2, 'seek', 30));
    await vi.advanceTimersByTimeAsync(10);
    expect(ben.last('state')?.state.hold).toMatchObject({ id: 3 });
    ana.fresh();
    ben.fresh();
    await vi.advanceTimersByTimeAsync(10_000);
    for (const client of [ana, ben]) {
      const states = client.fresh().filter((frame) => frame.type === 'state');
      expect(states).toEqual([
        {
          type: 'state',
          state: expect.objectContaining({ rev: 4, hold: null }) as unknown,
          by: null,
        },
      ]);
    }
  });

  it('holds the room for a member whose player stalls, and goes on without it on nowait', async () => {
    const relay = cluster.node();
    const ana = await cluster.join(relay, KEY);
    const ben = await cluster.join(relay, KEY);
    ana.client.sendFrame(control(1, 'play'));
    await settle();
    await vi.advanceTimersByTimeAsync(2000);
    ben.client.sendFrame({ type: 'stall' });
    await settle();
    const stalled = ana.client.last('state');
    expect(stalled?.by).toBe(ben.welcome.memberId);
    expect(stalled?.state.hold).toMatchObject({
      reason: 'buffering',
      waitingFor: [ben.welcome.memberId],
      deadline: Date.now() + 8000,
    });
    expect(stalled?.state.position).toBeGreaterThan(1);

    ben.client.sendFrame({ type: 'nowait' });
    await settle();
    expect(ana.client.last('state')?.state.hold).toBeNull();
  });
});
