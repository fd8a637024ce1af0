/**
 * What player sync needs from the tab around it (clocks, timers, the user's input) and the frames
 * it sends the relay through it.
 * @module
 */
import type { RoomState } from '../../../shared/protocol';
import type { LocalChange } from './client-timeline';

export type SyncFrame =
  | ({ type: 'control'; baseRev: number } & LocalChange)
  | { type: 'ready'; holdId: number }
  | { type: 'stall' };

export interface PlayerSyncHooks {
  /** Relay time in ms, from the background's clock estimate. */
  relayNow(): number;
  /** Local time in ms on the clock frame display times use. */
  localNow(): number;
  send(frame: SyncFrame): void;
  /** The browser refused to start playback without a click on the page. */
  autoplayBlocked(blocked: boolean): void;
  /** Whether the user pressed a key or a pointer on the page in the last moments. */
  userActedRecently(): boolean;
  /** A timer; returns a cancel function. */
  setTimer(ms: number, run: () => void): () => void;
  /**
   * The video played to its end (`position`, in seconds) while the room was playing it: a
   * playlist room moves on, any other stops there.
   */
  ended(state: RoomState, position: number): void;
}
