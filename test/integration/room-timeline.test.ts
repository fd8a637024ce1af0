/**
 * The room timeline's two implementations agree: random sequences of commands from several
 * members (stale revs, holds, ready, nowait, stalls, deadlines, queue moves, moves to another
 * video with titles JSON must escape, the host-only lock on and off, members coming and going, the clock moving) go both to the reducer in
 * `shared/room-timeline.ts` and to the Lua scripts through the real room store, and every step
 * must give the same state or the same refusal, and publish the same change. `TEST_SEED=<seed>`
 * replays a failure.
 */
import { isDeepStrictEqual } from 'node:util';
import Redis from 'ioredis';
import { afterAll, describe, expect, inject, it, vi } from 'vitest';
import type { RoomState } from '../../shared/protocol';
import {
  applyCommand,
  createRoomState,
  type LiveMember,
  type RoomCommand,
  type RoomContext,
  type TimelineResult,
} from '../../shared/room-timeline';
import { redisKeys, type RedisKeys } from '../../server/redis/keys';
import { MEMBER_STALE_MS } from '../../server/relay/ports/members';
import { RoomStore } from '../../server/redis/stores/room-store';
import { freshPrefix } from '../support/relay';
import { WAIT } from './harness';
import { RoomWorld, type WorldChange, type WorldMember } from './support/room-world';
import { SeededRandom } from '../support/seeded-random';

const SEQUENCES = 1500;
const STEPS = 40;
/** Sequences run side by side, so their round trips to Redis overlap. */
const LANES = 24;

const redis = new Redis(inject('redisUrl'));
const listener = new Redis(inject('redisUrl'));
afterAll(async () => {
  await Promise.all([redis.quit(), listener.quit()]);
});

/** What the store answers, in one shape for every command. */
interface Outcome {
  outcome: 'applied' | 'stale' | 'host_only' | 'unchanged';
  state: RoomState | null;
}

/** Runs `command` through the room store, as the relay does. */
async function viaStore(store: RoomStore, rid: string, command: RoomCommand, now: number) {
  const changed = (state: RoomState | null): Outcome => ({
    outcome: state ? 'applied' : 'unchanged',
    state,
  });
  switch (command.kind) {
    case 'control': {
      const { memberId, uid, ...change } = command;
      return (await store.applyControl(rid, change, now, memberId, uid)) as Outcome;
    }
    case 'ready':
      return changed(await store.ready(rid, command.memberId, command.holdId, now));
    case 'nowait':
      return changed(await store.stopWaiting(rid, command.memberId, command.memberId, now));
    case 'gone':
      return changed(await store.stopWaiting(rid, command.memberId, null, now));
    case 'stall':
      return changed(await store.stall(rid, command.memberId, command.uid, now));
    case 'expire':
      return changed(await store.expireHold(rid, command.holdId, now));
    case 'select': {
      const { from, to, videoId } = command;
      const move = { from, to, videoId };
      return (await store.selectItem(rid, move, command.memberId, command.uid, now)) as Outcome;
    }
    case 'move': {
      const move = { from: command.from, to: command.videoId, title: command.title };
      return (await store.moveVideo(rid, move, command.memberId, command.uid, now)) as Outcome;
    }
  }
}

/** What the store should answer for the reducer's result: refusals keep the state or say nil. */
function expected(state: RoomState, command: RoomCommand, result: TimelineResult): Outcome {
  if (result.ok) return { outcome: 'applied', state: result.state };
  if (command.kind === 'control') {
    return { outcome: result.reason === 'host_only' ? 'host_only' : 'stale', state };
  }
  if ((command.kind === 'select' || command.kind === 'move') && result.reason === 'host_only') {
    return { outcome: 'host_only', state };
  }
  return { outcome: 'unchanged', state: null };
}

/** The room around the command, read as the scripts read it: live entries in the hash's order. */
function contextOf(
  pairs: unknown,
  meta: (string | null)[],
  now: number,
  caps: RoomContext['caps'],
) {
  const members: LiveMember[] = [];
  const flat = pairs as string[];
  for (let i = 0; i < flat.length; i += 2) {
    let entry: unknown;
    try {
      entry = JSON.parse(flat[i + 1]!);
    } catch {
      continue;
    }
    if (typeof entry !== 'object' || entry === null) continue;
    const { seenAt, rtt, uid } = entry as Record<string, unknown>;
    if (typeof seenAt !== 'number' || now - seenAt > MEMBER_STALE_MS) continue;
    members.push({
      id: flat[i]!,
      uid: typeof uid === 'string' ? uid : null,
      rtt: typeof rtt === 'number' ? rtt : null,
    });
  }
  return { now, members, host: meta[0] ?? null, hostOnly: meta[1] === '1', caps };
}

function entryOf(member: WorldMember): string {
  const { rtt, uid, seenAt } = member;
  return JSON.stringify({ name: 'M', status: 'in_sync', error: null, rtt, uid, ip: '::1', seenAt });
}

/** Writes the changes as the member store and the host's actions would, in one round trip. */
async function applyChanges(keys: RedisKeys, rid: string, changes: WorldChange[]) {
  if (changes.length === 0) return;
  const members = keys.roomMembers(rid);
  const meta = keys.roomMeta(rid);
  const batch = redis.pipeline();
  for (const change of changes) {
    switch (change.kind) {
      case 'members':
        batch.hset(members, ...change.members.flatMap((m) => [m.id, entryOf(m)]));
        break;
      case 'leave':
        batch.hdel(members, change.id);
        break;
      case 'garbage':
        batch.hset(members, change.id, '{"seenAt":');
        break;
      case 'host':
        if (change.host === null) batch.hdel(meta, 'host');
        else batch.hset(meta, 'host', change.host);
        break;
      case 'hostOnly':
        batch.hset(meta, 'hostOnly', change.on ? '1' : '0');
        break;
    }
  }
  for (const [error] of (await batch.exec()) ?? []) if (error) throw error;
}

/** How often each command came to each end (`stall:hold_full`…), to prove every rule was reached. */
const tally = new Map<string, number>();
const EVERY_END = [
  'control:applied',
  'control:held',
  'control:host_only',
  'control:stale',
  'ready:applied',
  'ready:no_hold',
  'ready:not_waiting',
  'nowait:applied',
  'nowait:no_hold',
  'nowait:not_waiting',
  'gone:applied',
  'gone:no_hold',
  'gone:not_waiting',
  'stall:applied',
  'stall:already_waiting',
  'stall:hold_full',
  'stall:host_only',
  'stall:paused',
  'expire:applied',
  'expire:early',
  'expire:no_hold',
  'select:applied',
  'select:host_only',
  'select:moved',
  'move:applied',
  'move:host_only',
  'move:moved',
];
/** Every change the reducer made, as the store should have published it, by channel. */
const expectedBroadcasts = new Map<string, unknown[]>();

/** One random room, `STEPS` commands long; throws on the first step where the two disagree. */
async function runSequence(seed: number, keys: RedisKeys, index: number): Promise<void> {
  const r = new SeededRandom(seed + index);
  const world = new RoomWorld(r);
  const start = world.start();
  const rid = `r${index}`;
  const store = new RoomStore(redis, keys, start.caps);
  const broadcasts: unknown[] = [];
  expectedBroadcasts.set(keys.roomChannel(rid), broadcasts);
  const where = (step: number) => `TEST_SEED=${seed} TEST_SEQUENCE=${index}, step ${step}`;

  await applyChanges(keys, rid, [{ kind: 'members', members: start.members }]);
  const joined = await store.ensure(rid, start.videoId, start.item, start.initial, start.now, {
    uid: 'uowner',
    owner: 'uowner',
    ip: '::1',
  });
  let state = createRoomState(start.videoId, start.item, start.initial, start.now);
  if (!isDeepStrictEqual(joined, { outcome: 'joined', state })) {
    expect(joined, where(0)).toEqual({ outcome: 'joined', state });
  }
  await applyChanges(keys, rid, [
    { kind: 'host', host: start.host },
    { kind: 'hostOnly', on: start.hostOnly },
  ]);

  for (let step = 1; step <= STEPS; step++) {
    world.tick(state);
    await applyChanges(keys, rid, world.changes());
    const command = world.command(state);
    // Read in the same pipeline, just before the script reads the same keys.
    const pairs = redis.call('HGETALL', keys.roomMembers(rid));
    const meta = redis.hmget(keys.roomMeta(rid), 'host', 'hostOnly');
    const actual = await viaStore(store, rid, command, world.now);
    const context = contextOf(await pairs, await meta, world.now, start.caps);
    const result = applyCommand(state, command, context);
    const want = expected(state, command, result);
    if (!isDeepStrictEqual(actual, want)) {
      expect(actual, `${where(step)}: ${JSON.stringify({ state, command, context })}`).toEqual(
        want,
      );
    }
    const tag = `${command.kind}:${result.ok ? 'applied' : result.reason}`;
    tally.set(tag, (tally.get(tag) ?? 0) + 1);
    if (result.ok) {
      state = result.state;
      broadcasts.push({ kind: 'state', state, by: result.by });
    }
  }
  await redis.del(keys.roomState(rid), keys.roomMembers(rid), keys.roomMeta(rid));
}

describe('the room timeline', () => {
  it(`gives the same states and refusals as the Lua scripts over ${SEQUENCES} random sequences of ${STEPS} steps`, async () => {
    const seed = SeededRandom.fromEnv().seed;
    const only = process.env.TEST_SEQUENCE;
    const keys = redisKeys(freshPrefix());
    const published = new Map<string, unknown[]>();
    listener.on('pmessage', (_pattern: string, channel: string, message: string) => {
      const list = published.get(channel) ?? [];
      list.push(JSON.parse(message));
      published.set(channel, list);
    });
    await listener.psubscribe(keys.roomChannel('*'));

    const indices = only ? [Number(only)] : Array.from({ length: SEQUENCES }, (_, i) => i);
    let next = 0;
    let failed = false;
    const lane = async () => {
      try {
        while (!failed && next < indices.length) await runSequence(seed, keys, indices[next++]!);
      } catch (error) {
        failed = true;
        throw error;
      }
    };
    await Promise.all(Array.from({ length: LANES }, lane));

    const steps = [...tally.values()].reduce((sum, n) => sum + n, 0);
    expect(steps).toBe(indices.length * STEPS);
    if (!only) expect(EVERY_END.filter((end) => !tally.has(end))).toEqual([]);

    // The same changes reached the room's channel, in order, each with its author.
    const total = [...expectedBroadcasts.values()].reduce((sum, list) => sum + list.length, 0);
    await vi.waitFor(() => {
      expect([...published.values()].reduce((sum, list) => sum + list.length, 0)).toBe(total);
    }, WAIT);
    for (const [channel, list] of expectedBroadcasts) {
      expect(published.get(channel) ?? [], `seed ${seed}, ${channel}`).toEqual(list);
    }
  }, 60_000);
});
