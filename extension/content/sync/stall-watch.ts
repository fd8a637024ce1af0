/**
 * Watches a player that should be playing for a stall (or an ad) too long for the room to absorb,
 * so the relay can be told once per episode.
 * @module
 */
import { STALL_REPORT_AFTER_MS, type RoomState } from '../../../shared/protocol';
import type { Player } from './player';

export class StallWatch {
  #sent = false;
  #progress = { time: 0, at: 0 };
  #adSince: number | null = null;

  /** When the player last moved on (or last had no reason to), local ms. */
  get progressAt(): number {
    return this.#progress.at;
  }

  /** A new element: an ad already showing in it counts from now. */
  attached(adShowing: boolean, now: number): void {
    this.#adSince = adShowing ? now : null;
  }

  adStarted(now: number): void {
    this.#adSince = now;
  }

  adEnded(): void {
    this.#adSince = null;
  }

  /** A new episode starts: after a (re)join, or once ready for a hold (a later ad is news). */
  reset(): void {
    this.#sent = false;
  }

  /**
   * Runs with every periodic check: true when the relay must now be told this player stalled.
   * `loading`: a new video is loading in the element.
   */
  check(
    player: Player,
    state: RoomState,
    now: number,
    relayNow: number,
    loading: boolean,
  ): boolean {
    const shouldPlay = state.playing && !state.hold && relayNow >= state.at;
    const idle = player.paused && !loading;
    if (!shouldPlay || player.currentTime !== this.#progress.time || idle) {
      this.#progress = { time: player.currentTime, at: now };
      if (!player.adShowing) this.#sent = false;
    }
    if (player.adShowing) this.#adSince ??= now;
    if (!shouldPlay || this.#sent) return false;
    // An ad, a reload (YouTube re-buffering) or a playing element that does not advance.
    const stalledFor = player.adShowing
      ? now - (this.#adSince ?? now)
      : player.paused && !loading
        ? 0
        : now - this.#progress.at;
    if (stalledFor < STALL_REPORT_AFTER_MS) return false;
    this.#sent = true;
    return true;
  }
}
