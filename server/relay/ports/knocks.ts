/**
 * What the relay needs of "Only people I let in": the switch, the waiting list and the host's
 * answers, shared by every node (the joiner and the host may be on different ones).
 * @module
 */
import type { HostActionOutcome } from './room-host';

/** How long a joiner waits for an answer before it is told that nobody let it in. */
export const KNOCK_WAIT_MS = 5 * 60_000;

/** A waiting joiner as stored: what the host sees, and what a ban or an admission needs. */
export interface KnockEntry {
  name: string;
  uid: string | null;
  ip: string;
  /** Relay time (ms) the knock began. */
  at: number;
}

/** A waiting joiner as the host's list shows it. */
export interface Knock {
  id: string;
  name: string;
}

/** What a knock became: waiting, refused for the crowd, or moot (the switch went off). */
export type KnockOutcome = 'waiting' | 'full' | 'open';

export interface KnockBoard {
  /** Turns "Only people I let in" on or off. */
  setLetInOnly(rid: string, uid: string, on: boolean, now: number): Promise<HostActionOutcome>;
  /** Puts a joiner on the waiting list. */
  knock(rid: string, memberId: string, entry: KnockEntry): Promise<KnockOutcome>;
  /** The host lets the joiner `memberId` in, or turns it away (`letIn` false). */
  answer(
    rid: string,
    uid: string,
    memberId: string,
    letIn: boolean,
    now: number,
  ): Promise<HostActionOutcome>;
  /** Takes a joiner who stopped waiting off the list. */
  forget(rid: string, memberId: string): Promise<void>;
  /** The room's host (a uid, or null) and who is waiting, oldest first. */
  waiting(rid: string, now: number): Promise<{ host: string | null; knocks: Knock[] }>;
}
