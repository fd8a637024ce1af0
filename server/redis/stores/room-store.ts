/**
 * Room timelines: `room:{rid}:state`, written only by the room scripts (`lua/room-join-scripts.ts`,
 * `lua/room-timeline-scripts.ts`, doing what `shared/room-timeline.ts` defines), which also read
 * the room's member list for hold membership and start leads, and its meta hash for the host-only
 * lock.
 * @module
 */
import type { Redis } from 'ioredis';
import {
  parseFrame,
  RoomStateSchema,
  type PlayerSnapshot,
  type RoomState,
} from '../../../shared/protocol';
import type { HoldCaps } from '../../../shared/room-timeline';
import type {
  ControlChange,
  ControlResult,
  EnsureResult,
  Joiner,
  RoomTimelineStore,
  SelectResult,
  VideoMove,
} from '../../relay/ports/room-timeline';
import type { LuaScript } from '../lua-script';
import type { RedisKeys } from '../keys';
import { ENSURE_ROOM, READ_ROOM } from '../lua/room-join-scripts';
import {
  APPLY_CONTROL,
  EXPIRE_HOLD,
  MOVE_VIDEO,
  SELECT_ITEM,
  STALL,
  STOP_WAITING,
} from '../lua/room-timeline-scripts';

/**
 * A room left alone this long is forgotten; the next join starts it again from the invite.
 * Every write and join pushes the deadline back.
 */
export const ROOM_TTL_S = 30 * 86_400;

/** Reads and writes room timelines; every change is also published on the room's channel. */
export class RoomStore implements RoomTimelineStore {
  constructor(
    private readonly redis: Redis,
    private readonly keys: RedisKeys,
    private readonly caps: HoldCaps,
  ) {}

  /**
   * The room's state, created at rev 1 from `initial` (or paused at 0, normal speed) if the room
   * has none yet; a playlist room starts on queue entry `item`. Atomic, so of two first joiners
   * only one snapshot wins. The owner is host whenever present (see ENSURE_ROOM); a user or an
   * address the host removed less than a while ago is refused.
   */
  async ensure(
    rid: string,
    videoId: string,
    item: number | null,
    initial: PlayerSnapshot | undefined,
    at: number,
    joiner: Joiner,
  ): Promise<EnsureResult> {
    const start = initial ?? { playing: false, position: 0, rate: 1 };
    const reply = await ENSURE_ROOM.run(
      this.redis,
      [
        this.keys.roomState(rid),
        this.keys.roomMembers(rid),
        this.keys.roomMeta(rid),
        this.keys.roomChat(rid),
        this.keys.roomBanned(rid),
        this.keys.roomAdmitted(rid),
      ],
      [
        videoId,
        start.playing ? '1' : '0',
        start.position,
        start.rate,
        at,
        ROOM_TTL_S,
        item ?? '',
        joiner.uid ?? '',
        joiner.owner,
        joiner.ip,
      ],
    );
    if (!Array.isArray(reply)) throw new Error('ensure room reply is not a list');
    const [outcome, value, by] = reply as unknown[];
    if (outcome === 'knock') return { outcome };
    if (outcome !== 'removed') return { outcome: 'joined', state: decodeState(value) };
    return { outcome, by: by === 'address' ? 'address' : 'user', until: Number(value) };
  }

  /** The room's current state, or null when it has none. */
  async read(rid: string): Promise<RoomState | null> {
    const reply = await READ_ROOM.run(this.redis, [this.keys.roomState(rid)], []);
    return reply === null ? null : decodeState(reply);
  }

  /**
   * Applies a control if it was made against the current rev and the host-only lock allows the
   * member's user `uid` (see APPLY_CONTROL).
   */
  async applyControl(
    rid: string,
    change: ControlChange,
    now: number,
    memberId: string,
    uid: string | null,
  ): Promise<ControlResult> {
    const reply = await this.#write(APPLY_CONTROL, rid, now, [
      change.baseRev,
      change.action,
      change.position,
      change.rate,
      memberId,
      now + this.caps.seekHoldCapMs,
      uid ?? '',
    ]);
    if (!Array.isArray(reply)) throw new Error(`room ${rid} has no state`);
    const [applied, state] = reply as unknown[];
    const outcome = applied === 1 ? 'applied' : applied === 2 ? 'host_only' : 'stale';
    return { outcome, state: decodeState(state) };
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

  /**
   * The member's player has stalled: the room waits for it, unless the host-only lock refuses
   * the member's user `uid`. Returns the new state if it changed.
   */
  async stall(
    rid: string,
    memberId: string,
    uid: string | null,
    now: number,
  ): Promise<RoomState | null> {
    return this.#changed(STALL, rid, now, [memberId, now + this.caps.stallHoldCapMs, uid ?? '']);
  }

  /**
   * Moves a playlist room from queue entry `from` to `to` (playing `videoId`), holding until every
   * member has loaded it, unless the room is no longer on `from` (`unchanged`) or the host-only
   * lock refuses the member's user `uid` (`host_only`, with the current state).
   */
  async selectItem(
    rid: string,
    move: { from: number; to: number; videoId: string },
    memberId: string,
    uid: string | null,
    now: number,
  ): Promise<SelectResult> {
    const reply = await this.#write(SELECT_ITEM, rid, now, [
      move.from,
      move.to,
      move.videoId,
      memberId,
      now + this.caps.loadHoldCapMs,
      uid ?? '',
    ]);
    return moveResult(reply, 'select item');
  }

  /**
   * Moves a room that plays one video from video `from` to `to` (titled `title`), holding until
   * every member has loaded it, unless the room is no longer on `from` or is a playlist room
   * (`unchanged`) or the host-only lock refuses the member's user `uid` (`host_only`).
   */
  async moveVideo(
    rid: string,
    move: VideoMove,
    memberId: string,
    uid: string | null,
    now: number,
  ): Promise<SelectResult> {
    const reply = await this.#write(MOVE_VIDEO, rid, now, [
      move.from,
      move.to,
      move.title,
      memberId,
      now + this.caps.loadHoldCapMs,
      uid ?? '',
    ]);
    return moveResult(reply, 'move video');
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
      [this.keys.roomState(rid), this.keys.roomMembers(rid), this.keys.roomMeta(rid)],
      [this.keys.roomChannel(rid), ROOM_TTL_S, now, ...args],
    );
  }
}

/** A move script's reply: nil (moot), {1, state} (made) or {2, state} (the lock refused it). */
function moveResult(reply: unknown, what: string): SelectResult {
  if (reply === null) return { outcome: 'unchanged', state: null };
  if (!Array.isArray(reply)) throw new Error(`${what} reply is not a list`);
  const [applied, state] = reply as unknown[];
  return { outcome: applied === 1 ? 'applied' : 'host_only', state: decodeState(state) };
}

function decodeState(reply: unknown): RoomState {
  if (typeof reply !== 'string') throw new Error('room state reply is not text');
  const parsed = parseFrame(RoomStateSchema, reply);
  if (!parsed.ok) throw new Error(`stored room state is invalid: ${parsed.error}`);
  return parsed.value;
}
