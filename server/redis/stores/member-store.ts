/**
 * Who is in each room, across nodes: `room:{rid}:members`, one JSON entry per member, kept fresh
 * by the node that holds the member's socket, read together with the room's host and host-only
 * lock from `room:{rid}:meta`.
 * @module
 */
import type { Redis } from 'ioredis';
import * as v from 'valibot';
import {
  MemberStatusSchema,
  NicknameSchema,
  parseFrame,
  TimestampSchema,
  type MemberInfo,
} from '../../../shared/protocol';
import { execTransaction } from '../exec-transaction';
import { LuaScript } from '../lua-script';
import type { RedisKeys } from '../keys';
import {
  MEMBER_STALE_MS,
  type MemberDirectory,
  type MemberProfile,
  type RoomRoster,
} from '../../relay/ports/members';

/** A room nobody has been in for a day loses its list; every write pushes this back. */
const MEMBERS_TTL_S = 86_400;

/** One member's entry as stored. */
export const MemberEntrySchema = v.object({
  name: NicknameSchema,
  status: MemberStatusSchema,
  error: v.nullable(v.pipe(v.number(), v.finite())),
  rtt: v.nullable(v.pipe(v.number(), v.finite(), v.minValue(0))),
  /** The member's user, if its hello carried a valid session (absent in older entries). */
  uid: v.optional(v.nullable(v.string()), null),
  /** The member's client address, for the host's removal; never sent to members. */
  ip: v.optional(v.nullable(v.string()), null),
  /** Relay time (ms) of the last write by the member's node. */
  seenAt: TimestampSchema,
});
export type MemberEntry = v.InferOutput<typeof MemberEntrySchema>;

/**
 * Writes entries, then lists the live ones. KEYS[1] members hash, KEYS[2] the room's meta hash;
 * ARGV: now (ms), stale after (ms), ttl (s), member cap (0: none), then memberId, entry JSON
 * pairs. With a cap, the one entry given is a joiner: refused with 'full' (nothing written) when
 * the cap's number of other members are live, unless the joiner's user is the room's host or
 * owner, who must always get in (filling the room must not lock them out). Stale or unreadable
 * entries are deleted. Returns the host's uid ('' if none), the host-only flag and the
 * let-in-only flag ('1' if on), then memberId, entry JSON pairs of the live members.
 */
const SYNC_MEMBERS = new LuaScript(`
local now, staleMs, cap = tonumber(ARGV[1]), tonumber(ARGV[2]), tonumber(ARGV[4])
local meta = redis.call('HMGET', KEYS[2], 'host', 'hostOnly', 'owner', 'letInOnly')
local function live(raw)
  local ok, entry = pcall(cjson.decode, raw)
  if ok and type(entry) == 'table' and type(entry.seenAt) == 'number'
    and now - entry.seenAt <= staleMs then
    return entry
  end
  return nil
end
if cap > 0 and #ARGV >= 6 then
  local joiner = cjson.decode(ARGV[6])
  local uid = type(joiner.uid) == 'string' and joiner.uid or nil
  if not uid or (uid ~= meta[1] and uid ~= meta[3]) then
    local count, all = 0, redis.call('HGETALL', KEYS[1])
    for i = 1, #all, 2 do
      if all[i] ~= ARGV[5] and live(all[i + 1]) then count = count + 1 end
    end
    if count >= cap then return 'full' end
  end
end
for i = 5, #ARGV, 2 do redis.call('HSET', KEYS[1], ARGV[i], ARGV[i + 1]) end
if #ARGV >= 5 then redis.call('EXPIRE', KEYS[1], ARGV[3]) end
local all = redis.call('HGETALL', KEYS[1])
local listed = {meta[1] or '', meta[2] or '0', meta[4] or '0'}
for i = 1, #all, 2 do
  if live(all[i + 1]) then
    listed[#listed + 1] = all[i]
    listed[#listed + 1] = all[i + 1]
  else
    redis.call('HDEL', KEYS[1], all[i])
  end
end
return listed
`);

/** Reads and writes the room member lists. */
export class MemberStore implements MemberDirectory {
  constructor(
    private readonly redis: Redis,
    private readonly keys: RedisKeys,
  ) {}

  /**
   * Writes `members` as seen at `now`, then returns everyone live in the room, sorted by name,
   * with the host marked, deleting the entries of members whose node has gone. The host-only
   * lock reads as off while no member of the host's is live (it does not apply then).
   */
  async sync(
    rid: string,
    members: readonly (readonly [string, MemberProfile])[],
    now: number,
  ): Promise<RoomRoster> {
    const roster = await this.#sync(rid, members, now, 0);
    if (roster === 'full') throw new Error('member list refused a refresh');
    return roster;
  }

  /**
   * Enters a joining member as `sync` does, unless `cap` members are in the room already (the
   * room's host and owner always get in): then 'full', and nothing is written.
   */
  async join(
    rid: string,
    id: string,
    profile: MemberProfile,
    now: number,
    cap: number,
  ): Promise<RoomRoster | 'full'> {
    return this.#sync(rid, [[id, profile]], now, cap);
  }

  async #sync(
    rid: string,
    members: readonly (readonly [string, MemberProfile])[],
    now: number,
    cap: number,
  ): Promise<RoomRoster | 'full'> {
    const pairs = members.flatMap(([id, profile]) => [id, encodeEntry(profile, now)]);
    const reply = await SYNC_MEMBERS.run(
      this.redis,
      [this.keys.roomMembers(rid), this.keys.roomMeta(rid)],
      [now, MEMBER_STALE_MS, MEMBERS_TTL_S, cap, ...pairs],
    );
    if (reply === 'full') return 'full';
    if (!Array.isArray(reply)) throw new Error('member list reply is not a list');
    const [hostUid, hostOnly, letInOnly, ...flat] = (reply as unknown[]).map(String);
    const listed: MemberInfo[] = [];
    for (let i = 0; i + 1 < flat.length; i += 2) {
      const entry = parseFrame(MemberEntrySchema, flat[i + 1] ?? '');
      if (!entry.ok) continue;
      const { name, status, error, uid } = entry.value;
      const host = uid !== null && uid === hostUid;
      // Milliseconds are all a badge shows; fewer digits keep long lists within a frame.
      const rounded = error === null ? null : Math.round(error * 1000) / 1000;
      listed.push({ id: flat[i] ?? '', name, host, status, error: rounded });
    }
    listed.sort((a, b) => a.name.localeCompare(b.name) || (a.id < b.id ? -1 : 1));
    return {
      members: listed,
      hostOnly: hostOnly === '1' && listed.some((member) => member.host),
      letInOnly: letInOnly === '1',
    };
  }

  /** Writes one member's entry as seen at `now`. */
  async write(rid: string, id: string, profile: MemberProfile, now: number): Promise<void> {
    const key = this.keys.roomMembers(rid);
    await execTransaction(
      this.redis.multi().hset(key, id, encodeEntry(profile, now)).expire(key, MEMBERS_TTL_S),
    );
  }

  /** Deletes a member who has left. */
  async remove(rid: string, id: string): Promise<void> {
    await this.redis.hdel(this.keys.roomMembers(rid), id);
  }
}

function encodeEntry({ name, status, error, rtt, uid, ip }: MemberProfile, now: number): string {
  // Redis's cjson refuses the escape JSON gives a lone surrogate, and would drop the whole entry.
  const entry: MemberEntry = {
    name: name.toWellFormed(),
    status,
    error,
    rtt,
    uid,
    ip,
    seenAt: now,
  };
  return JSON.stringify(entry);
}
