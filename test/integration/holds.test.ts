import { describe, expect, it } from 'vitest';
import {
  SEEK_HOLD_CAP_MS,
  STALL_HOLD_CAP_MS,
  type Hold,
  type RoomState,
} from '../../shared/protocol';
import { MAX_START_LEAD_MS } from '../../shared/room-timeline';
import { expectedPosition } from '../../shared/timeline';
import type { RunningRelay } from '../../server/relay-server';
import { newVideo } from '../support/api';
import { TestClient, testScope } from './harness';

const { cleanups, relayWith } = testScope();

type Member = Awaited<ReturnType<typeof TestClient.join>>;

async function join(relay: RunningRelay, key: string): Promise<Member> {
  const joined = await TestClient.join(relay, key);
  cleanups.push(() => joined.client.close());
  return joined;
}

/** A room of `count` members on one relay, paused at 0. */
async function room(count: 1, env?: Record<string, string>): Promise<[Member]>;
async function room(count: 2, env?: Record<string, string>): Promise<[Member, Member]>;
async function room(count: 3, env?: Record<string, string>): Promise<[Member, Member, Member]>;
async function room(count: number, env: Record<string, string> = {}): Promise<Member[]> {
  const relay = await relayWith(env);
  const video = await newVideo(relay);
  const members: Member[] = [];
  for (let i = 0; i < count; i++) members.push(await join(relay, video.inviteKey));
  return members;
}

function control(baseRev: number, action: string, position: number, rate = 1) {
  return { type: 'control', baseRev, action, position, rate };
}

/**
 * Sends a control and returns the state it made with the lead the relay gave its start: `at`
 * minus the relay time at which the control was applied, which lies between two pings.
 */
async function timed(member: Member, frame: unknown) {
  const before = await member.client.relayTime();
  member.client.send(frame);
  const { state } = await member.client.next('state');
  const after = await member.client.relayTime();
  return { state, leadAtLeast: state.at - after, leadAtMost: state.at - before };
}

/** The next state every one of `members` receives; they must all agree. */
async function everyoneGets([first, ...others]: [Member, ...Member[]]) {
  const frame = await first.client.next('state');
  for (const other of others) expect(await other.client.next('state')).toEqual(frame);
  return frame;
}

const ids = (members: Member[]) => members.map((m) => m.welcome.memberId);

function holdOf(state: RoomState): Hold {
  if (!state.hold) throw new Error(`rev ${state.rev} has no hold`);
  return state.hold;
}

describe('scheduled play', () => {
  it('starts a short lead ahead, longer for slower members, at most the cap', async () => {
    const [a, b] = await room(2);
    // Nobody has reported a round trip yet: 250 ms is assumed, plus an 80 ms margin.
    const first = await timed(a, control(1, 'play', 10));
    expect(first.state).toMatchObject({ rev: 2, playing: true, position: 10, hold: null });
    expect(first.leadAtMost).toBeGreaterThanOrEqual(330);
    expect(first.leadAtLeast).toBeLessThanOrEqual(330);

    let rev = 2;
    // The slowest member's rtt plus the margin, within 150 ms and the cap.
    const cases: [rttA: number, rttB: number, lead: number][] = [
      [10, 20, 150],
      [10, 400, 480],
      [5000, 20, MAX_START_LEAD_MS],
    ];
    for (const [rttA, rttB, lead] of cases) {
      a.client.send({ type: 'report', status: 'in_sync', error: 0, rtt: rttA });
      b.client.send({ type: 'report', status: 'in_sync', error: 0, rtt: rttB });
      // A round trip on b: the relay has handled its report, so the write precedes a's control.
      await b.client.relayTime();
      a.client.send(control(rev, 'pause', 10));
      await a.client.next('state');
      const played = await timed(a, control(rev + 1, 'play', 10));
      expect(played.leadAtMost).toBeGreaterThanOrEqual(lead);
      expect(played.leadAtLeast).toBeLessThanOrEqual(lead);
      rev += 2;
    }
  });

  it('applies pause, rate and a paused seek at once', async () => {
    const [a] = await room(1);
    a.client.send(control(1, 'play', 0));
    await a.client.next('state');
    for (const [rev, action, position] of [
      [2, 'rate', 3],
      [3, 'pause', 4],
      [4, 'seek', 50],
    ] as const) {
      const changed = await timed(a, { ...control(rev, action, position), rate: 1.5 });
      expect(changed.state).toMatchObject({ rev: rev + 1, position, rate: 1.5, hold: null });
      // `at` is the moment the control was applied.
      expect(changed.leadAtMost).toBeGreaterThanOrEqual(0);
      expect(changed.leadAtLeast).toBeLessThanOrEqual(0);
    }
  });
});

describe('the seek barrier', () => {
  it('holds for every member; each ready shrinks the wait and the last one starts play', async () => {
    const members = await room(3);
    const [a, b, c] = members;
    a.client.send(control(1, 'play', 0));
    await everyoneGets(members);

    const before = await b.client.relayTime();
    // While playing, a seek holds the room until everyone is ready.
    b.client.send(control(2, 'seek', 99));
    const held = await everyoneGets(members);
    expect(held.by).toBe(b.welcome.memberId);
    expect(held.state).toMatchObject({ rev: 3, playing: true, position: 99 });
    const hold = holdOf(held.state);
    expect(hold).toMatchObject({ id: 3, reason: 'seek' });
    // The seeker first, then everyone else.
    expect(hold.waitingFor[0]).toBe(b.welcome.memberId);
    expect([...hold.waitingFor].sort()).toEqual(ids(members).sort());
    expect(held.state.at).toBeGreaterThanOrEqual(before);
    expect(hold.deadline).toBe(held.state.at + SEEK_HOLD_CAP_MS);

    a.client.send({ type: 'ready', holdId: 3 });
    expect(await everyoneGets(members)).toMatchObject({
      by: a.welcome.memberId,
      state: { rev: 4, position: 99, hold: { id: 3, waitingFor: ids([b, c]) } },
    });

    // A play during the hold is refused like a stale control; an old hold id, a second ready
    // and a ready from someone not awaited change nothing.
    a.client.send(control(4, 'play', 120));
    expect(await a.client.next('state')).toMatchObject({ by: null, state: { rev: 4 } });
    c.client.send({ type: 'ready', holdId: 2 });
    a.client.send({ type: 'ready', holdId: 3 });

    b.client.send({ type: 'ready', holdId: 3 });
    expect((await everyoneGets(members)).state).toMatchObject({
      rev: 5,
      hold: { waitingFor: ids([c]) },
    });
    const released = await timed(c, { type: 'ready', holdId: 3 });
    expect(released.state).toMatchObject({ rev: 6, playing: true, position: 99, hold: null });
    expect(released.leadAtMost).toBeGreaterThanOrEqual(150);
    expect(released.leadAtLeast).toBeLessThanOrEqual(MAX_START_LEAD_MS);
    for (const member of [a, b]) expect((await member.client.next('state')).state.rev).toBe(6);
    for (const member of members) expect(member.client.unread('state')).toEqual([]);
  });

  it('goes on without the members who never answer once the cap has passed', async () => {
    const members = await room(2, { SEEK_HOLD_CAP_MS: '300' });
    const [a] = members;
    a.client.send(control(1, 'play', 0));
    await everyoneGets(members);
    a.client.send(control(2, 'seek', 40));
    const hold = holdOf((await everyoneGets(members)).state);
    expect(hold.waitingFor).toHaveLength(2);

    const released = await everyoneGets(members);
    expect(released).toMatchObject({
      by: null,
      state: { rev: 4, playing: true, position: 40, hold: null },
    });
    expect(released.state.at).toBeGreaterThanOrEqual(hold.deadline + 150);
    // A late ready for the released hold changes nothing.
    a.client.send({ type: 'ready', holdId: 3 });
    await a.client.barrier();
    expect(a.client.unread('state')).toEqual([]);
  });

  it('stops waiting for a member who disconnects', async () => {
    const members = await room(3);
    const [a, b, c] = members;
    a.client.send(control(1, 'play', 0));
    await everyoneGets(members);
    a.client.send(control(2, 'seek', 10));
    await everyoneGets(members);

    c.client.close();
    expect(await everyoneGets([a, b])).toMatchObject({
      by: null,
      state: { rev: 4, hold: { id: 3, waitingFor: ids([a, b]) } },
    });
    a.client.send({ type: 'ready', holdId: 3 });
    await everyoneGets([a, b]);
    b.client.close();
    expect(await a.client.next('state')).toMatchObject({
      by: null,
      state: { rev: 6, playing: true, position: 10, hold: null },
    });
  });

  it('starts a new hold on a seek during one, and a pause ends it', async () => {
    const members = await room(2);
    const [a, b] = members;
    a.client.send(control(1, 'play', 0));
    await everyoneGets(members);
    a.client.send(control(2, 'seek', 10));
    await everyoneGets(members);
    a.client.send({ type: 'ready', holdId: 3 });
    await everyoneGets(members);

    b.client.send(control(4, 'seek', 20));
    expect((await everyoneGets(members)).state).toMatchObject({
      rev: 5,
      position: 20,
      hold: { id: 5, reason: 'seek', waitingFor: ids([b, a]) },
    });
    b.client.send(control(5, 'pause', 20));
    expect((await everyoneGets(members)).state).toMatchObject({
      rev: 6,
      playing: false,
      position: 20,
      hold: null,
    });
  });
});

describe('stalls', () => {
  it('hold the room at its expected position until the stalled members go on', async () => {
    const members = await room(2);
    const [a, b] = members;
    a.client.send(control(1, 'play', 10, 1.5));
    const playing = (await everyoneGets(members)).state;
    // Past the scheduled start, so that the timeline has moved on.
    await a.client.relayTimeReaches(playing.at + 200);

    b.client.send({ type: 'stall' });
    const held = await everyoneGets(members);
    expect(held.by).toBe(b.welcome.memberId);
    expect(held.state).toMatchObject({
      rev: 3,
      playing: true,
      rate: 1.5,
      hold: { id: 3, reason: 'buffering', waitingFor: ids([b]) },
    });
    expect(held.state.position).toBeGreaterThan(10.2);
    expect(held.state.position).toBeCloseTo(expectedPosition(playing, held.state.at), 9);
    expect(holdOf(held.state).deadline).toBe(held.state.at + STALL_HOLD_CAP_MS);

    a.client.send({ type: 'stall' });
    expect((await everyoneGets(members)).state).toMatchObject({
      rev: 4,
      position: held.state.position,
      hold: { id: 3, waitingFor: ids([b, a]) },
    });
    // Already awaited: nothing changes.
    b.client.send({ type: 'stall' });
    b.client.send({ type: 'nowait' });
    expect((await everyoneGets(members)).state).toMatchObject({
      rev: 5,
      hold: { waitingFor: ids([a]) },
    });
    a.client.send({ type: 'nowait' });
    const released = await everyoneGets(members);
    expect(released).toMatchObject({
      by: a.welcome.memberId,
      state: { rev: 6, playing: true, position: held.state.position, hold: null },
    });
    expect(released.state.at).toBeGreaterThan(held.state.at);
  });

  it('are ignored while paused, and nowait is ignored without a hold', async () => {
    const members = await room(2);
    const [a, b] = members;
    b.client.send({ type: 'stall' });
    b.client.send({ type: 'nowait' });
    a.client.send(control(1, 'seek', 5));
    expect((await everyoneGets(members)).state).toMatchObject({ rev: 2, position: 5, hold: null });
  });

  it('end at the cap when the member never recovers', async () => {
    const members = await room(2, { STALL_HOLD_CAP_MS: '200' });
    const [a, b] = members;
    a.client.send(control(1, 'play', 0));
    await everyoneGets(members);
    b.client.send({ type: 'stall' });
    expect((await everyoneGets(members)).state.hold).toMatchObject({ reason: 'buffering' });
    expect(await everyoneGets(members)).toMatchObject({ by: null, state: { rev: 4, hold: null } });
  });
});
