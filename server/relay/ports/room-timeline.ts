/**
 * What the relay needs of the room timelines it serves: every change is decided and published
 * atomically by the store, so that all nodes see the same revs in the same order.
 * @module
 */
import type { ControlFrame, PlayerSnapshot, RoomState } from '../../../shared/protocol';

export interface ControlResult {
  /**
   * `stale` when `baseRev` was stale or a play met a hold, `host_only` when the host-only lock
   * refused it; `state` is then the current state.
   */
  outcome: 'applied' | 'stale' | 'host_only';
  state: RoomState;
}

/** A move to another queue entry or video: made, refused by the host-only lock, or moot. */
export type SelectResult =
  { outcome: 'applied' | 'host_only'; state: RoomState } | { outcome: 'unchanged'; state: null };

/**
 * A join: refused while the member's user (`user`) or address (`address`) is kept out of the
 * room, until relay time `until`; to wait for the host (`knock`); else the room's state.
 */
export type EnsureResult =
  | { outcome: 'joined'; state: RoomState }
  | { outcome: 'knock' }
  | { outcome: 'removed'; by: 'user' | 'address'; until: number };

/** Who is joining: its user (null without one), the room's owner, and the member's address. */
export interface Joiner {
  uid: string | null;
  owner: string;
  ip: string;
}

/** Play next together: from the video the member saw the room on to another one. */
export interface VideoMove {
  from: string;
  to: string;
  title: string;
}

export type ControlChange = Pick<ControlFrame, 'baseRev' | 'action' | 'position' | 'rate'>;

/** Room timelines; each change that moves a room on is also published as a `state` event. */
export interface RoomTimelineStore {
  /**
   * The room's state, created at rev 1 from `initial` (or paused at 0) if it has none; a playlist
   * room starts on queue entry `item`. Refuses a joiner who is kept out, or sends it knocking.
   */
  ensure(
    rid: string,
    videoId: string,
    item: number | null,
    initial: PlayerSnapshot | undefined,
    at: number,
    joiner: Joiner,
  ): Promise<EnsureResult>;
  /** The room's current state, or null when it has none. */
  read(rid: string): Promise<RoomState | null>;
  /** A control made against the current rev, unless the host-only lock refuses user `uid`. */
  applyControl(
    rid: string,
    change: ControlChange,
    now: number,
    memberId: string,
    uid: string | null,
  ): Promise<ControlResult>;
  /** The member is ready on hold `holdId`; the new state if it changed. */
  ready(rid: string, memberId: string, holdId: number, now: number): Promise<RoomState | null>;
  /** The hold stops waiting for the member, `by` itself or (null) because it left. */
  stopWaiting(
    rid: string,
    memberId: string,
    by: string | null,
    now: number,
  ): Promise<RoomState | null>;
  /** The member's player stalled: the room waits for it, unless the lock refuses `uid`. */
  stall(rid: string, memberId: string, uid: string | null, now: number): Promise<RoomState | null>;
  /** Releases hold `holdId` if its deadline has passed. */
  expireHold(rid: string, holdId: number, now: number): Promise<RoomState | null>;
  /** Moves a playlist room from entry `from` to `to`, holding until everyone has loaded it. */
  selectItem(
    rid: string,
    move: { from: number; to: number; videoId: string },
    memberId: string,
    uid: string | null,
    now: number,
  ): Promise<SelectResult>;
  /**
   * Moves a room that plays one video from video `from` to `to` (titled `title`), holding until
   * everyone has loaded it.
   */
  moveVideo(
    rid: string,
    move: VideoMove,
    memberId: string,
    uid: string | null,
    now: number,
  ): Promise<SelectResult>;
}
