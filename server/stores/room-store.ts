/**
 * Room timelines: `room:{rid}:state`, written only by the two scripts below.
 * @module
 */
import type { Redis } from 'ioredis';
import * as v from 'valibot';
import {
  RoomStateSchema,
  type ControlFrame,
  type PlayerSnapshot,
  type RoomState,
} from '../../shared/protocol';
import { LuaScript } from './lua-script';
import type { RedisKeys } from './redis-keys';

/** Hash fields of a room state, in the order both scripts return them. */
const STATE_FIELDS = ['rev', 'videoId', 'playing', 'position', 'rate', 'at'] as const;

/**
 * A room left alone this long is forgotten; the next join starts it again from the invite.
 * Every write and join pushes the deadline back.
 */
const ROOM_TTL_S = 30 * 86_400;

/**
 * Creates the room's state if absent, then returns it. KEYS[1] state hash; ARGV: videoId,
 * playing ('1'/'0'), position, rate, at, ttl (s). Returns the fields in STATE_FIELDS order.
 */
const ENSURE_ROOM = new LuaScript(`
if redis.call('EXISTS', KEYS[1]) == 0 then
  redis.call('HSET', KEYS[1], 'rev', '1', 'videoId', ARGV[1], 'playing', ARGV[2],
    'position', ARGV[3], 'rate', ARGV[4], 'at', ARGV[5])
end
redis.call('EXPIRE', KEYS[1], ARGV[6])
return redis.call('HMGET', KEYS[1], 'rev', 'videoId', 'playing', 'position', 'rate', 'at')
`);

/**
 * The only writer of a live room. KEYS[1] state hash; ARGV: baseRev, action, position, rate, at,
 * memberId, channel, ttl (s). If the stored rev is not baseRev the change was made against an old
 * state: nothing is written and {0, current fields…} is returned. Otherwise rev+1, play/pause set
 * `playing` (seek/rate keep it), the write and its PUBLISH of {"state","by"} happen atomically,
 * and {1, new fields…} is returned. Returns nil when the room has no state.
 *
 * The JSON is assembled from the argument strings rather than with cjson, whose 14-digit number
 * formatting would round `at`. Every piece is safe to splice: numbers come from JavaScript's
 * number-to-string, videoId matches [A-Za-z0-9_-]{11} and memberId is hex.
 */
const APPLY_CONTROL = new LuaScript(`
local cur = redis.call('HMGET', KEYS[1], 'rev', 'videoId', 'playing', 'position', 'rate', 'at')
if not cur[1] then return nil end
if tonumber(cur[1]) ~= tonumber(ARGV[1]) then
  return {0, cur[1], cur[2], cur[3], cur[4], cur[5], cur[6]}
end
local rev = tostring(tonumber(cur[1]) + 1)
local playing = cur[3]
if ARGV[2] == 'play' then playing = '1' elseif ARGV[2] == 'pause' then playing = '0' end
redis.call('HSET', KEYS[1], 'rev', rev, 'playing', playing, 'position', ARGV[3], 'rate', ARGV[4],
  'at', ARGV[5])
redis.call('EXPIRE', KEYS[1], ARGV[8])
redis.call('PUBLISH', ARGV[7], '{"state":{"rev":' .. rev .. ',"videoId":"' .. cur[2] ..
  '","playing":' .. (playing == '1' and 'true' or 'false') .. ',"position":' .. ARGV[3] ..
  ',"rate":' .. ARGV[4] .. ',"at":' .. ARGV[5] .. '},"by":"' .. ARGV[6] .. '"}')
return {1, rev, cur[2], playing, ARGV[3], ARGV[4], ARGV[5]}
`);

export interface ControlResult {
  /** False when `baseRev` was stale; `state` is then the unchanged current state. */
  applied: boolean;
  state: RoomState;
}

export type ControlChange = Pick<ControlFrame, 'baseRev' | 'action' | 'position' | 'rate'>;

/** Reads and writes room timelines; every change is also published on the room's channel. */
export class RoomStore {
  constructor(
    private readonly redis: Redis,
    private readonly keys: RedisKeys,
  ) {}

  /**
   * The room's state, created at rev 1 from `initial` (or paused at 0, normal speed) if the room
   * has none yet. Atomic, so of two first joiners only one snapshot wins.
   */
  async ensure(
    rid: string,
    videoId: string,
    initial: PlayerSnapshot | undefined,
    at: number,
  ): Promise<RoomState> {
    const start = initial ?? { playing: false, position: 0, rate: 1 };
    const fields = await ENSURE_ROOM.run(
      this.redis,
      [this.keys.roomState(rid)],
      [videoId, start.playing ? '1' : '0', start.position, start.rate, at, ROOM_TTL_S],
    );
    return decodeState(fields);
  }

  /** Applies a control if it was made against the current rev (see APPLY_CONTROL). */
  async applyControl(
    rid: string,
    change: ControlChange,
    at: number,
    memberId: string,
  ): Promise<ControlResult> {
    const reply = await APPLY_CONTROL.run(
      this.redis,
      [this.keys.roomState(rid)],
      [
        change.baseRev,
        change.action,
        change.position,
        change.rate,
        at,
        memberId,
        this.keys.roomChannel(rid),
        ROOM_TTL_S,
      ],
    );
    if (!Array.isArray(reply)) throw new Error(`room ${rid} has no state`);
    const [applied, ...fields] = reply as unknown[];
    return { applied: applied === 1, state: decodeState(fields) };
  }

  /** The room's current state, or null when it has none. */
  async read(rid: string): Promise<RoomState | null> {
    const fields = await this.redis.hmget(this.keys.roomState(rid), ...STATE_FIELDS);
    return fields[0] === null ? null : decodeState(fields);
  }
}

function decodeState(fields: unknown): RoomState {
  if (!Array.isArray(fields)) throw new Error('room state reply is not a list');
  const [rev, videoId, playing, position, rate, at] = fields as unknown[];
  return v.parse(RoomStateSchema, {
    rev: Number(rev),
    videoId,
    playing: playing === '1',
    position: Number(position),
    rate: Number(rate),
    at: Number(at),
  });
}
