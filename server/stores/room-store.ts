/**
 * Room timelines: `room:{rid}:state`, written only by the scripts in `room-scripts.ts`, which also
 * read the room's member list for hold membership and start leads.
 * @module
 */
import type { Redis } from 'ioredis';
import {
  parseFrame,
  RoomStateSchema,
  type ControlFrame,
  type PlayerSnapshot,
  type RoomState,
} from '../../shared/protocol';
import type { LuaScript } from './lua-script';
import type { RedisKeys } from './redis-keys';
import {
  APPLY_CONTROL,
  ENSURE_ROOM,
  EXPIRE_HOLD,
  READ_ROOM,
  SELECT_ITEM,
  STALL,
  STOP_WAITING,
} from './room-scripts';

/**
 * A room left alone this long is forgotten; the next join starts it again from the invite.
 * Every write and join pushes the deadline back.
 */
const ROOM_TTL_S = 30 * 86_400;

/** How long a hold may last at most, by reason. */
export interface HoldCaps {
  seekHoldCapMs: number;
  stallHoldCapMs: number;
  loadHoldCapMs: number;
}

export interface ControlResult {
  /** False when `baseRev` was stale or a play met a hold; `state` is then the current state. */
  applied: boolean;
  state: RoomState;
}

export type ControlChange = Pick<ControlFrame, 'baseRev' | 'action' | 'position' | 'rate'>;

/** Reads and writes room timelines; every change is also published on the room's channel. */
export class RoomStore {
  constructor(
    private readonly redis: Redis,
    private readonly keys: RedisKeys,
    private readonly caps: HoldCaps,
  ) {}

  /**
   * The room's state, created at rev 1 from `initial` (or paused at 0, normal speed) if the room
   * has none yet; a playlist room starts on queue entry `item`. Atomic, so of two first joiners
   * only one snapshot wins.
   */
  async ensure(
    rid: string,
    videoId: string,
    item: number | null,
    initial: PlayerSnapshot | undefined,
    at: number,
  ): Promise<RoomState> {
    const start = initial ?? { playing: false, position: 0, rate: 1 };
    const reply = await ENSURE_ROOM.run(
      this.redis,
      [this.keys.roomState(rid)],
      [videoId, start.playing ? '1' : '0', start.position, start.rate, at, ROOM_TTL_S, item ?? ''],
    );
    return decodeState(reply);
  }

  /** The room's current state, or null when it has none. */
  async read(rid: string): Promise<RoomState | null> {
    const reply = await READ_ROOM.run(this.redis, [this.keys.roomState(rid)], []);
    return reply === null ? null : decodeState(reply);
  }

  /** Applies a control if it was made against the current rev (see APPLY_CONTROL). */
  async applyControl(
    rid: string,
    change: ControlChange,
    now: number,
    memberId: string,
  ): Promise<ControlResult> {
    const reply = await this.#write(APPLY_CONTROL, rid, now, [
      change.baseRev,
      change.action,
      change.position,
      change.rate,
      memberId,
      now + this.caps.seekHoldCapMs,
    ]);
    if (!Array.isArray(reply)) throw new Error(`room ${rid} has no state`);
    const [applied, state] = reply as unknown[];
    return { applied: applied === 1, state: decodeState(state) };
  }

  /** The member is ready to play on hold `holdId`. Returns the new state if it changed. */
  async ready(
    rid: string,
    memberId: string,
    holdId: number,
    now: number,
  ): Promise<RoomState | null> {
    return this.#changed(STOP_WAITING, rid, now, [memberId, holdId, memberId]);
  }

  /**
   * The current hold stops waiting for the member: `by` the member itself (nowait), or null when
   * its socket has gone. Returns the new state if it changed.
   */
  async stopWaiting(
    rid: string,
    memberId: string,
    by: string | null,
    now: number,
  ): Promise<RoomState | null> {
    return this.#changed(STOP_WAITING, rid, now, [memberId, '', by ?? '']);
  }

  /** The member's player has stalled: the room waits for it. Returns the new state if it changed. */
  async stall(rid: string, memberId: string, now: number): Promise<RoomState | null> {
    return this.#changed(STALL, rid, now, [memberId, now + this.caps.stallHoldCapMs]);
  }

  /**
   * Moves a playlist room from queue entry `from` to `to` (playing `videoId`), holding until every
   * member has loaded it. Returns the new state, or null if the room was no longer on `from`.
   */
  async selectItem(
    rid: string,
    move: { from: number; to: number; videoId: string },
    memberId: string,
    now: number,
  ): Promise<RoomState | null> {
    return this.#changed(SELECT_ITEM, rid, now, [
      move.from,
      move.to,
      move.videoId,
      memberId,
      now + this.caps.loadHoldCapMs,
    ]);
  }

  /** Releases hold `holdId` if its deadline has passed. Returns the new state if it changed. */
  async expireHold(rid: string, holdId: number, now: number): Promise<RoomState | null> {
    return this.#changed(EXPIRE_HOLD, rid, now, [holdId]);
  }

  async #changed(
    script: LuaScript,
    rid: string,
    now: number,
    args: (string | number)[],
  ): Promise<RoomState | null> {
    const reply = await this.#write(script, rid, now, args);
    return reply === null ? null : decodeState(reply);
  }

  /** Runs a writer script with the arguments every writer takes first. */
  #write(script: LuaScript, rid: string, now: number, args: (string | number)[]): Promise<unknown> {
    return script.run(
      this.redis,
      [this.keys.roomState(rid), this.keys.roomMembers(rid)],
      [this.keys.roomChannel(rid), ROOM_TTL_S, now, ...args],
    );
  }
}

function decodeState(reply: unknown): RoomState {
  if (typeof reply !== 'string') throw new Error('room state reply is not text');
  const parsed = parseFrame(RoomStateSchema, reply);
  if (!parsed.ok) throw new Error(`stored room state is invalid: ${parsed.error}`);
  return parsed.value;
}
