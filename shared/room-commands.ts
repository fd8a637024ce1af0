/**
 * The words of the room timeline: the commands it takes, the room around a command, and its
 * results and refusals (`room-timeline.ts` is the function over them).
 * @module
 */
import type { ControlAction, RoomState } from './protocol';

/** How long a hold may last at most, by reason. */
export interface HoldCaps {
  seekHoldCapMs: number;
  stallHoldCapMs: number;
  loadHoldCapMs: number;
}

/** A member whose node still vouches for it: its id, its user (null without one), its rtt. */
export interface LiveMember {
  id: string;
  uid: string | null;
  /** The last round trip it reported (ms), or null before it has. */
  rtt: number | null;
}

/** The room around a command. */
export interface RoomContext {
  /** Relay time (ms). */
  now: number;
  /** The live members, in the room's own order (a hold awaits them in it, after the sender). */
  members: readonly LiveMember[];
  /** The host's uid, or null while the room has none. */
  host: string | null;
  /** Whether the host has turned the host-only lock on. */
  hostOnly: boolean;
  caps: HoldCaps;
}

/** Who sends a command: the member and its user (null without one). */
interface Sender {
  memberId: string;
  uid: string | null;
}

export type RoomCommand =
  /** A member's play, pause, seek or rate change, made against rev `baseRev`. */
  | ({
      kind: 'control';
      baseRev: number;
      action: ControlAction;
      position: number;
      rate: number;
    } & Sender)
  /** The member is ready to play on hold `holdId`. */
  | { kind: 'ready'; memberId: string; holdId: number }
  /** The member asks the current hold not to wait for it. */
  | { kind: 'nowait'; memberId: string }
  /** The member's socket has gone: no hold waits for it any more. */
  | { kind: 'gone'; memberId: string }
  /** The member's player stalled. */
  | ({ kind: 'stall' } & Sender)
  /** Hold `holdId`'s deadline came. */
  | { kind: 'expire'; holdId: number }
  /** A playlist room moves from queue entry `from` to `to`, whose video is `videoId`. */
  | ({ kind: 'select'; from: number; to: number; videoId: string } & Sender)
  /** A room that plays one video moves from video `from` to `videoId`, titled `title`. */
  | ({ kind: 'move'; from: string; videoId: string; title: string } & Sender);

/** Why a command changes nothing. */
export type Refusal =
  /** The host-only lock applies to the sender. */
  | 'host_only'
  /** A control made against another rev than the current one. */
  | 'stale'
  /** A play while a hold is set: the hold's release starts the room. */
  | 'held'
  /** No hold is set, or another one than named. */
  | 'no_hold'
  /** The hold does not wait for the member (ready, nowait, gone), or already does (stall). */
  | 'not_waiting'
  | 'already_waiting'
  /** A stall while paused. */
  | 'paused'
  /** The hold already waits for `MAX_HOLD_WAITING` members. */
  | 'hold_full'
  /** The hold's deadline is still ahead. */
  | 'early'
  /**
   * A select: not a playlist room, or no longer on the entry it was made from. A move: a
   * playlist room, or no longer on the video it was made from.
   */
  | 'moved';

/** The next state and who made the change (null: the relay itself), or why nothing changed. */
export type TimelineResult =
  { ok: true; state: RoomState; by: string | null } | { ok: false; reason: Refusal };
