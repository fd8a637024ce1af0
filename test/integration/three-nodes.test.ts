import { Redis } from 'ioredis';
import { describe, expect, inject, it, vi } from 'vitest';
import type { ControlAction } from '../../shared/protocol';
import type { Log } from '../../server/log';
import type { RunningRelay } from '../../server/relay-server';
import { roomIdForKey } from '../../server/secrets';
import { redisKeys } from '../../server/redis/keys';
import { startRedis } from '../support/redis-server';
import { newVideo } from '../support/api';
import { freshPrefix } from '../support/relay';
import { startTestRelay, TestClient, testScope } from './harness';
import { ReconnectingMember } from './support/reconnecting-member';
import { SeededRandom } from '../support/seeded-random';

const { cleanups } = testScope();

const RECOVERY = { timeout: 15_000, interval: 20 };

/** Three nodes on one Redis under one fresh prefix; `events` collects every node's log events. */
async function threeNodes(env: Record<string, string> = {}, redisUrl?: string) {
  const KEY_PREFIX = freshPrefix();
  const events: string[][] = [[], [], []];
  const nodes: RunningRelay[] = [];
  for (let i = 0; i < 3; i++) {
    const log: Log = (event) => events[i]?.push(event);
    const node = await startTestRelay({ KEY_PREFIX, NODE_ID: `node${i}`, ...env }, redisUrl, log);
    cleanups.push(() => node.close());
    nodes.push(node);
  }
  return { KEY_PREFIX, nodes, urls: nodes.map((node) => node.url), events };
}

/** `count` members spread over the nodes round-robin, each joined before the next. */
async function membersOn(urls: string[], key: string, count: number, random: SeededRandom) {
  const members: ReconnectingMember[] = [];
  for (let i = 0; i < count; i++) {
    const member = await ReconnectingMember.join({
      urls,
      first: i % urls.length,
      key,
      name: `Member ${i}`,
      random,
    });
    cleanups.push(() => member.stop());
    members.push(member);
  }
  return members;
}

function node(nodes: RunningRelay[], index: number): RunningRelay {
  const found = nodes[index];
  if (!found) throw new Error(`no node ${index}`);
  return found;
}

function at(members: ReconnectingMember[], index: number): ReconnectingMember {
  const member = members[index];
  if (!member) throw new Error(`no member ${index}`);
  return member;
}

/** Waits until every member's newest state is `rev`, and returns that state (all equal). */
async function everyoneAt(members: ReconnectingMember[], rev: number, wait = RECOVERY) {
  await vi.waitFor(() => {
    for (const member of members) expect(member.states.at(-1)?.rev).toBe(rev);
  }, wait);
  const first = at(members, 0).latest;
  for (const member of members) expect(member.latest).toEqual(first);
  return first;
}

type Step =
  { by: number; action: ControlAction; position: number; rate: number } | { ready: 'everyone' };

/** Plays, speeds, pauses and seeks from members on every node; the seek while playing holds. */
const SCRIPT: Step[] = [
  { by: 0, action: 'play', position: 10, rate: 1 },
  { by: 1, action: 'rate', position: 11, rate: 1.5 },
  { by: 2, action: 'pause', position: 12, rate: 1.5 },
  { by: 3, action: 'seek', position: 100, rate: 1.5 },
  { by: 4, action: 'play', position: 100, rate: 1.5 },
  { by: 5, action: 'seek', position: 200, rate: 1.5 },
  { ready: 'everyone' },
  { by: 1, action: 'rate', position: 201, rate: 0.75 },
  { by: 5, action: 'pause', position: 202.5, rate: 0.75 },
];

describe('three relay nodes on one Redis', () => {
  it('keep members on every node in sync, in rev order', async () => {
    const random = SeededRandom.fromEnv();
    const { nodes, urls } = await threeNodes();
    const video = await newVideo(node(nodes, 0));
    const members = await membersOn(urls, video.inviteKey, 6, random);
    const started = performance.now();
    let rev = 1;
    let controls = 0;
    for (let pass = 0; pass < 2; pass++) {
      for (const step of SCRIPT) {
        if ('ready' in step) {
          const hold = at(members, 0).latest.hold;
          // The hold waits for every member, whichever node holds its socket.
          expect(hold?.waitingFor.toSorted()).toEqual(members.map((m) => m.memberId).toSorted());
          for (const member of members) member.send({ type: 'ready', holdId: hold?.id ?? 0 });
          rev += members.length;
          const released = await everyoneAt(members, rev);
          expect(released).toMatchObject({ hold: null, playing: true });
          continue;
        }
        const { by, action, position, rate } = step;
        at(members, by).send({ type: 'control', baseRev: rev, action, position, rate });
        controls++;
        rev++;
        const state = await everyoneAt(members, rev);
        expect(state).toMatchObject({ position, rate });
      }
    }

    // Every member at once, against the same rev: one wins each round, the rest are stale.
    const rounds = 5;
    for (let round = 0; round < rounds; round++) {
      members.forEach((member, i) => {
        const position = 300 + round * 10 + i;
        member.send({ type: 'control', baseRev: rev, action: 'seek', position, rate: 1 });
      });
      controls += members.length;
      rev++;
      const state = await everyoneAt(members, rev);
      expect(state.position).toBeGreaterThanOrEqual(300 + round * 10);
      expect(state.position).toBeLessThan(300 + round * 10 + members.length);
    }

    const expected = Array.from({ length: rev }, (_, i) => i + 1);
    for (const member of members) {
      expect(member.regressions()).toEqual([]);
      expect(member.revs()).toEqual(expected);
      expect(member.closeCodes).toEqual([]);
    }
    // What Redis holds is what everyone has.
    const late = await TestClient.join(node(nodes, 2), video.inviteKey);
    cleanups.push(() => late.client.close());
    expect(late.welcome.state).toEqual(at(members, 0).latest);
    console.log(
      `three nodes: seed ${random.seed}, ${members.length} members, ${controls} controls, ` +
        `${rev} revs, in ${Math.round(performance.now() - started)} ms`,
    );
  });

  it('heal lost pub/sub: after CLIENT KILL TYPE pubsub every member converges', async () => {
    // A Redis of its own: killing every subscriber of the shared one would disturb other tests.
    const redis = await startRedis();
    cleanups.push(() => redis.stop());
    const admin = new Redis(redis.url);
    cleanups.push(() => admin.quit());
    const random = SeededRandom.fromEnv();
    // A heartbeat too slow to help within RECOVERY: only the bus reconnect's re-read can repair.
    const { nodes, urls, events } = await threeNodes({ HEARTBEAT_MS: '20000' }, redis.url);
    const video = await newVideo(node(nodes, 0));
    const members = await membersOn(urls, video.inviteKey, 3, random);

    const started = performance.now();
    expect(await admin.client('KILL', 'TYPE', 'pubsub')).toBe(3);
    // Made while the subscribers are down: its broadcast reaches no node.
    at(members, 0).send({ type: 'control', baseRev: 1, action: 'seek', position: 42, rate: 1 });
    const state = await everyoneAt(members, 2);
    expect(state).toMatchObject({ position: 42, playing: false });
    const healedMs = Math.round(performance.now() - started);
    for (const nodeEvents of events) expect(nodeEvents).toContain('bus_reconnected');

    // Broadcasts flow again afterwards.
    at(members, 2).send({ type: 'control', baseRev: 2, action: 'play', position: 42, rate: 1 });
    await everyoneAt(members, 3, { timeout: 5000, interval: 5 });
    for (const member of members) {
      expect(member.regressions()).toEqual([]);
      expect(member.closeCodes).toEqual([]);
    }
    console.log(`pub/sub killed on 3 nodes: members converged after ${healedMs} ms`);
  });

  it('heal a change no broadcast announced, with the heartbeat', async () => {
    const random = SeededRandom.fromEnv();
    const { KEY_PREFIX, nodes, urls } = await threeNodes({ HEARTBEAT_MS: '100' });
    const video = await newVideo(node(nodes, 0));
    const members = await membersOn(urls, video.inviteKey, 3, random);
    const writer = new Redis(inject('redisUrl'));
    cleanups.push(() => writer.quit());

    // A change whose message pub/sub dropped: in Redis, announced to no one.
    const stateKey = redisKeys(KEY_PREFIX).roomState(roomIdForKey(video.inviteKey));
    await writer.hset(stateKey, { rev: 7, position: 64 });
    const state = await everyoneAt(members, 7);
    expect(state).toMatchObject({ position: 64 });
    for (const member of members) expect(member.regressions()).toEqual([]);
  });
});
