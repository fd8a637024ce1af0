/**
 * "Only people I let in": `room:{rid}:knocks` (joiners waiting for the host) and
 * `room:{rid}:admitted` (users who may come and go while the switch is on), with the switch
 * itself in the meta hash (`letInOnly`). Only the host may answer a knock; every script checks
 * that atomically. Changes are published on the room's channel: `knocks` (the waiting list
 * changed) and `admit` (these joiners were let in or turned away).
 * @module
 */
import type { Redis } from 'ioredis';
import * as v from 'valibot';
import {
  MAX_KNOCKS,
  MemberIdSchema,
  NicknameSchema,
  parseFrame,
  TimestampSchema,
} from '../../../shared/protocol';
import { LuaScript } from '../lua-script';
import { MEMBER_STALE_MS } from '../../relay/ports/members';
import {
  KNOCK_WAIT_MS,
  type Knock,
  type KnockBoard,
  type KnockEntry,
  type KnockOutcome,
} from '../../relay/ports/knocks';
import type { RedisKeys } from '../keys';
import type { HostActionOutcome } from '../../relay/ports/room-host';
import { ROOM_TTL_S } from './room-store';

/** A waiting joiner as stored: what the host sees, and what a ban or an admission needs. */
const KnockEntrySchema = v.object({
  name: NicknameSchema,
  uid: v.nullable(v.string()),
  ip: v.string(),
  /** Relay time (ms) the knock began. */
  at: TimestampSchema,
}) satisfies v.GenericSchema<unknown, KnockEntry>;

/**
 * Shared: the live knocks of KNOCKS (KEYS[2]) at `now`, deleting those older than the wait.
 */
const LIVE_KNOCKS = `
local function liveKnocks(now)
  local all = redis.call('HGETALL', KEYS[2])
  local live = {}
  for i = 1, #all, 2 do
    local ok, k = pcall(cjson.decode, all[i + 1])
    if ok and type(k) == 'table' and type(k.at) == 'number' and now - k.at <= ${KNOCK_WAIT_MS} then
      live[#live + 1] = {id = all[i], raw = all[i + 1], entry = k}
    else
      redis.call('HDEL', KEYS[2], all[i])
    end
  end
  return live
end
`;

/**
 * The host turns the switch on or off. KEYS: meta, knocks, members, admitted; ARGV: uid, '1' or
 * '0', ttl (s), now, channel. On: the users in the room now are admitted (their reconnects do not
 * knock). Off: every waiting joiner is let in. Returns 'not_host' or 'done'.
 */
const SET_LET_IN_ONLY = new LuaScript(`${LIVE_KNOCKS}
if redis.call('HGET', KEYS[1], 'host') ~= ARGV[1] then return 'not_host' end
local now = tonumber(ARGV[4])
redis.call('HSET', KEYS[1], 'letInOnly', ARGV[2])
redis.call('EXPIRE', KEYS[1], ARGV[3])
if ARGV[2] == '1' then
  local all = redis.call('HGETALL', KEYS[3])
  for i = 2, #all, 2 do
    local ok, m = pcall(cjson.decode, all[i])
    if ok and type(m) == 'table' and type(m.uid) == 'string' and type(m.seenAt) == 'number'
      and now - m.seenAt <= ${MEMBER_STALE_MS} then
      redis.call('SADD', KEYS[4], m.uid)
    end
  end
  redis.call('EXPIRE', KEYS[4], ARGV[3])
else
  local ids = {}
  for _, k in ipairs(liveKnocks(now)) do ids[#ids + 1] = k.id end
  redis.call('DEL', KEYS[2])
  if #ids > 0 then
    redis.call('PUBLISH', ARGV[5],
      '{"kind":"admit","memberIds":' .. cjson.encode(ids) .. ',"verdict":"in"}')
    redis.call('PUBLISH', ARGV[5], '{"kind":"knocks"}')
  end
end
redis.call('PUBLISH', ARGV[5], '{"kind":"roster"}')
return 'done'
`);

/**
 * A joiner knocks. KEYS: meta, knocks; ARGV: memberId, entry JSON, now, channel. 'open' if the
 * switch is off by now (the joiner goes straight in), 'full' at MAX_KNOCKS waiting, else the
 * knock is stored and announced: 'waiting'.
 */
const KNOCK = new LuaScript(`${LIVE_KNOCKS}
if redis.call('HGET', KEYS[1], 'letInOnly') ~= '1' then return 'open' end
if #liveKnocks(tonumber(ARGV[3])) >= ${MAX_KNOCKS} then return 'full' end
redis.call('HSET', KEYS[2], ARGV[1], ARGV[2])
redis.call('PEXPIRE', KEYS[2], ${KNOCK_WAIT_MS})
redis.call('PUBLISH', ARGV[4], '{"kind":"knocks"}')
return 'waiting'
`);

/**
 * The host answers a knock. KEYS: meta, knocks, admitted, banned, members; ARGV: uid, memberId,
 * 'in' or 'out', now, ttl (s), kept out until (ms), how long (ms), channel. 'in' admits the
 * joiner's user for the room's life; 'out' keeps its user and address out as a removal does (the
 * users in the room on that address keep a pass). Returns 'not_host', 'no_member' (no such knock)
 * or 'done', publishing the verdict.
 */
const ANSWER_KNOCK = new LuaScript(`
if redis.call('HGET', KEYS[1], 'host') ~= ARGV[1] then return 'not_host' end
local raw = redis.call('HGET', KEYS[2], ARGV[2])
if not raw then return 'no_member' end
local ok, k = pcall(cjson.decode, raw)
redis.call('HDEL', KEYS[2], ARGV[2])
if ok and type(k) == 'table' then
  if ARGV[3] == 'in' and type(k.uid) == 'string' then
    redis.call('SADD', KEYS[3], k.uid)
    redis.call('EXPIRE', KEYS[3], ARGV[5])
  elseif ARGV[3] == 'out' then
    if type(k.uid) == 'string' then redis.call('HSET', KEYS[4], k.uid, ARGV[6]) end
    if type(k.ip) == 'string' then
      redis.call('HSET', KEYS[4], 'ip:' .. k.ip, ARGV[6])
      local all = redis.call('HGETALL', KEYS[5])
      for i = 2, #all, 2 do
        local fine, m = pcall(cjson.decode, all[i])
        if fine and type(m) == 'table' and m.ip == k.ip and type(m.uid) == 'string'
          and m.uid ~= k.uid and type(m.seenAt) == 'number'
          and tonumber(ARGV[4]) - m.seenAt <= ${MEMBER_STALE_MS} then
          redis.call('HSET', KEYS[4], 'pass:' .. m.uid, ARGV[6])
        end
      end
    end
    redis.call('PEXPIRE', KEYS[4], ARGV[7])
  end
end
redis.call('PUBLISH', ARGV[8],
  '{"kind":"admit","memberIds":["' .. ARGV[2] .. '"],"verdict":"' .. ARGV[3] .. '"}')
redis.call('PUBLISH', ARGV[8], '{"kind":"knocks"}')
return 'done'
`);

/** A joiner stopped waiting (its socket went). KEYS: meta (unused), knocks; ARGV: memberId, channel. */
const FORGET_KNOCK = new LuaScript(`
if redis.call('HDEL', KEYS[2], ARGV[1]) == 1 then
  redis.call('PUBLISH', ARGV[2], '{"kind":"knocks"}')
end
return 'done'
`);

/** Who is waiting. KEYS: meta, knocks; ARGV: now. Returns the host's uid, then id, entry pairs. */
const READ_KNOCKS = new LuaScript(`${LIVE_KNOCKS}
local answer = {redis.call('HGET', KEYS[1], 'host') or ''}
for _, k in ipairs(liveKnocks(tonumber(ARGV[1]))) do
  answer[#answer + 1] = k.id
  answer[#answer + 1] = k.raw
end
return answer
`);

/** The knock side of a room: the switch, the waiting joiners and the host's answers. */
export class KnockStore implements KnockBoard {
  constructor(
    private readonly redis: Redis,
    private readonly keys: RedisKeys,
    /** How long a turned-away joiner is kept out (as a removal). */
    private readonly removedForMs: number,
  ) {}

  /** Turns "Only people I let in" on or off. */
  async setLetInOnly(
    rid: string,
    uid: string,
    on: boolean,
    now: number,
  ): Promise<HostActionOutcome> {
    const reply = await SET_LET_IN_ONLY.run(
      this.redis,
      [
        this.keys.roomMeta(rid),
        this.keys.roomKnocks(rid),
        this.keys.roomMembers(rid),
        this.keys.roomAdmitted(rid),
      ],
      [uid, on ? '1' : '0', ROOM_TTL_S, now, this.keys.roomChannel(rid)],
    );
    return reply === 'done' ? 'done' : 'not_host';
  }

  /** Puts a joiner on the waiting list. */
  async knock(rid: string, memberId: string, entry: KnockEntry): Promise<KnockOutcome> {
    const reply = await KNOCK.run(
      this.redis,
      [this.keys.roomMeta(rid), this.keys.roomKnocks(rid)],
      [
        memberId,
        JSON.stringify({ ...entry, name: entry.name.toWellFormed() }),
        entry.at,
        this.keys.roomChannel(rid),
      ],
    );
    if (reply === 'waiting' || reply === 'full' || reply === 'open') return reply;
    throw new Error(`unexpected knock reply: ${String(reply)}`);
  }

  /** The host lets the joiner `memberId` in, or turns it away (`in` false). */
  async answer(
    rid: string,
    uid: string,
    memberId: string,
    letIn: boolean,
    now: number,
  ): Promise<HostActionOutcome> {
    const reply = await ANSWER_KNOCK.run(
      this.redis,
      [
        this.keys.roomMeta(rid),
        this.keys.roomKnocks(rid),
        this.keys.roomAdmitted(rid),
        this.keys.roomBanned(rid),
        this.keys.roomMembers(rid),
      ],
      [
        uid,
        memberId,
        letIn ? 'in' : 'out',
        now,
        ROOM_TTL_S,
        Math.ceil(now + this.removedForMs),
        this.removedForMs,
        this.keys.roomChannel(rid),
      ],
    );
    if (reply === 'done' || reply === 'not_host' || reply === 'no_member') return reply;
    throw new Error(`unexpected answer reply: ${String(reply)}`);
  }

  /** Takes a joiner who stopped waiting off the list. */
  async forget(rid: string, memberId: string): Promise<void> {
    await FORGET_KNOCK.run(
      this.redis,
      [this.keys.roomMeta(rid), this.keys.roomKnocks(rid)],
      [memberId, this.keys.roomChannel(rid)],
    );
  }

  /** The room's host (a uid, or null) and who is waiting, oldest first. */
  async waiting(rid: string, now: number): Promise<{ host: string | null; knocks: Knock[] }> {
    const reply = await READ_KNOCKS.run(
      this.redis,
      [this.keys.roomMeta(rid), this.keys.roomKnocks(rid)],
      [now],
    );
    if (!Array.isArray(reply)) throw new Error('knock list reply is not a list');
    const [host, ...flat] = (reply as unknown[]).map(String);
    const entries: (Knock & { at: number })[] = [];
    for (let i = 0; i + 1 < flat.length; i += 2) {
      const id = v.safeParse(MemberIdSchema, flat[i]);
      const entry = parseFrame(KnockEntrySchema, flat[i + 1] ?? '');
      if (id.success && entry.ok)
        entries.push({ id: id.output, name: entry.value.name, at: entry.value.at });
    }
    entries.sort((a, b) => a.at - b.at || (a.id < b.id ? -1 : 1));
    return { host: host || null, knocks: entries.map(({ id, name }) => ({ id, name })) };
  }
}
