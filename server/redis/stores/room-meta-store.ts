/**
 * Who runs a room: `room:{rid}:meta` (the host's uid, the owner's uid, the host-only lock) and
 * `room:{rid}:banned` (users and addresses the host removed, kept out for a while). Only the host
 * may change either; every script checks that atomically, so a host action racing a hand-over
 * cannot slip through. Changes are published on the room's channel.
 * @module
 */
import type { Redis } from 'ioredis';
import type { RoomBroadcast } from '../../relay/ports/bus';
import { LuaScript } from '../lua-script';
import { MEMBER_STALE_MS } from '../../relay/ports/members';
import type { HostActionOutcome, RoomHost } from '../../relay/ports/room-host';
import type { RedisKeys } from '../keys';
import { ROOM_TTL_S } from './room-store';

/** Shared by the scripts below: finds a live member's entry in the members hash. */
const FIND_MEMBER = `
local function liveEntry(membersKey, id, now)
  local raw = redis.call('HGET', membersKey, id)
  if not raw then return nil end
  local ok, m = pcall(cjson.decode, raw)
  if not ok or type(m) ~= 'table' or type(m.seenAt) ~= 'number'
    or now - m.seenAt > ${MEMBER_STALE_MS} then
    return nil
  end
  return m
end
`;

/**
 * The host turns the lock on or off. KEYS[1] meta hash; ARGV: uid, '1' or '0', ttl (s), channel.
 * Returns 'not_host' unless uid is the host, else 'done' (publishing a roster event).
 */
const SET_HOST_ONLY = new LuaScript(`
if redis.call('HGET', KEYS[1], 'host') ~= ARGV[1] then return 'not_host' end
redis.call('HSET', KEYS[1], 'hostOnly', ARGV[2])
redis.call('EXPIRE', KEYS[1], ARGV[3])
redis.call('PUBLISH', ARGV[4], '{"kind":"roster"}')
return 'done'
`);

/**
 * The host hands host to another member's user. KEYS[1] meta hash, KEYS[2] members hash; ARGV:
 * uid, target memberId, now (relay ms), ttl (s), channel. Returns 'not_host', 'no_member' (not a
 * live member), 'no_user' (a member without a user), or 'done' (publishing a roster event).
 * `handed` marks a host the owner gave away (and whoever that host hands it on to): the owner
 * rejoining then leaves host where it is while that host is in the room. Host back with the
 * owner clears it.
 */
const HAND_HOST = new LuaScript(`${FIND_MEMBER}
local meta = redis.call('HMGET', KEYS[1], 'host', 'owner')
if meta[1] ~= ARGV[1] then return 'not_host' end
local m = liveEntry(KEYS[2], ARGV[2], tonumber(ARGV[3]))
if not m then return 'no_member' end
if type(m.uid) ~= 'string' then return 'no_user' end
redis.call('HSET', KEYS[1], 'host', m.uid)
if m.uid == meta[2] then
  redis.call('HDEL', KEYS[1], 'handed')
elseif ARGV[1] == meta[2] then
  redis.call('HSET', KEYS[1], 'handed', '1')
end
redis.call('EXPIRE', KEYS[1], ARGV[4])
redis.call('PUBLISH', ARGV[5], '{"kind":"roster"}')
return 'done'
`);

/**
 * The host removes a member. KEYS[1] meta hash, KEYS[2] members hash, KEYS[3] banned hash; ARGV:
 * uid, target memberId, now (relay ms), kept out until (relay ms), how long (ms), channel.
 * Returns 'not_host', 'no_member' (not a live member), 'self' (a member of the host's own user),
 * 'owner' (a member of the room's owner, who is never removed), or 'done'.
 *
 * The target's user is kept out (field uid → until) and every live member of that user goes with
 * it. So is the target's address (field `ip:<address>` → until): a removed member must not walk
 * back in as a guest or with a fresh identity. Users on that address who are in the room now
 * (a household behind one NAT) get a pass (`pass:<uid>` → until) so that a reconnect does not
 * lock them out. The hash expires with the newest ban. The members leave the list and a kick
 * event naming them is published.
 */
const REMOVE_MEMBER = new LuaScript(`${FIND_MEMBER}
local meta = redis.call('HMGET', KEYS[1], 'host', 'owner')
if meta[1] ~= ARGV[1] then return 'not_host' end
local now = tonumber(ARGV[3])
local m = liveEntry(KEYS[2], ARGV[2], now)
if not m then return 'no_member' end
local uid = type(m.uid) == 'string' and m.uid or nil
if uid == ARGV[1] then return 'self' end
if uid and uid == meta[2] then return 'owner' end
local ids = {ARGV[2]}
local all = redis.call('HGETALL', KEYS[2])
for i = 1, #all, 2 do
  if all[i] ~= ARGV[2] then
    local other = liveEntry(KEYS[2], all[i], now)
    if other and uid and other.uid == uid then
      ids[#ids + 1] = all[i]
    elseif other and type(m.ip) == 'string' and other.ip == m.ip and type(other.uid) == 'string' then
      redis.call('HSET', KEYS[3], 'pass:' .. other.uid, ARGV[4])
    end
  end
end
if uid then
  redis.call('HSET', KEYS[3], uid, ARGV[4])
  redis.call('HDEL', KEYS[3], 'pass:' .. uid)
end
if type(m.ip) == 'string' then redis.call('HSET', KEYS[3], 'ip:' .. m.ip, ARGV[4]) end
redis.call('PEXPIRE', KEYS[3], ARGV[5])
for _, id in ipairs(ids) do redis.call('HDEL', KEYS[2], id) end
redis.call('PUBLISH', ARGV[6], '{"kind":"kick","memberIds":' .. cjson.encode(ids) .. '}')
return 'done'
`);

/** Host actions on a room; each checks that `uid` is the room's host. */
export class RoomMetaStore implements RoomHost {
  constructor(
    private readonly redis: Redis,
    private readonly keys: RedisKeys,
    /** How long a removed member's user is kept out of the room. */
    private readonly removedForMs: number,
  ) {}

  /** Turns the host-only lock on or off. */
  async setHostOnly(rid: string, uid: string, on: boolean): Promise<HostActionOutcome> {
    const reply = await SET_HOST_ONLY.run(
      this.redis,
      [this.keys.roomMeta(rid)],
      [uid, on ? '1' : '0', ROOM_TTL_S, this.keys.roomChannel(rid)],
    );
    return outcomeOf(reply);
  }

  /** Makes the user of member `memberId` the host. */
  async handHost(
    rid: string,
    uid: string,
    memberId: string,
    now: number,
  ): Promise<HostActionOutcome> {
    const reply = await HAND_HOST.run(
      this.redis,
      [this.keys.roomMeta(rid), this.keys.roomMembers(rid)],
      [uid, memberId, now, ROOM_TTL_S, this.keys.roomChannel(rid)],
    );
    return outcomeOf(reply);
  }

  /** Removes member `memberId` (and keeps its user and address out for a while). */
  async remove(
    rid: string,
    uid: string,
    memberId: string,
    now: number,
  ): Promise<HostActionOutcome> {
    const reply = await REMOVE_MEMBER.run(
      this.redis,
      [this.keys.roomMeta(rid), this.keys.roomMembers(rid), this.keys.roomBanned(rid)],
      [
        uid,
        memberId,
        now,
        Math.ceil(now + this.removedForMs),
        this.removedForMs,
        this.keys.roomChannel(rid),
      ],
    );
    return outcomeOf(reply);
  }

  /** Tells every node that the room's member list changed (a rename): they show it at once. */
  async announceRoster(rid: string): Promise<void> {
    const event: RoomBroadcast = { kind: 'roster' };
    await this.redis.publish(this.keys.roomChannel(rid), JSON.stringify(event));
  }
}

const OUTCOMES: readonly HostActionOutcome[] = [
  'done',
  'not_host',
  'no_member',
  'no_user',
  'self',
  'owner',
];

function outcomeOf(reply: unknown): HostActionOutcome {
  const outcome = OUTCOMES.find((known) => known === reply);
  if (!outcome) throw new Error(`unexpected host action reply: ${String(reply)}`);
  return outcome;
}
