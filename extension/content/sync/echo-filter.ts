/**
 * Tells the player's events that sync (or YouTube) caused from the user's own: what we last
 * commanded (each command leaves a token for the event it causes) and when YouTube is prone to
 * set the rate back on its own.
 * @module
 */
import { ExpectedEvents } from './expected-events';
import type { Player } from './player';
import { MAX_RATE, MIN_RATE } from '../../../shared/timeline-limits';

/**
 * YouTube sets the rate back to its own after we change it from outside, or after loads and ads:
 * a change to 1× this soon after such an event, with no click or key press, is YouTube's.
 */
export const RATE_RESET_WINDOW_MS = 10_000;

export type CommandEvent = 'play' | 'pause' | 'seeking' | 'ratechange';

export class EchoFilter {
  #expected = new ExpectedEvents();
  #seekTarget = 0;
  /** The rate we last set: a nudged one while correcting drift. */
  #commandedRate = 1;
  /** The room's rate as last applied here, and when a new one was applied from outside. */
  #roomRate = 1;
  #roomRateAppliedAt = -Infinity;

  get commandedRate(): number {
    return this.#commandedRate;
  }

  /** A new element: its rate is the one to judge changes against. */
  attached(rate: number): void {
    this.#expected.clear();
    this.#commandedRate = rate;
  }

  /** The room's rate, applied here: a new one makes YouTube prone to reset it for a while. */
  roomRateApplied(rate: number, now: number): void {
    if (rate !== this.#roomRate) {
      this.#roomRate = rate;
      this.#roomRateAppliedAt = now;
    }
  }

  /** An ad ended: YouTube may reset the rate, and the tokens left were for the ad's element. */
  adEnded(now: number): void {
    this.#roomRateAppliedAt = now;
    this.#expected.clear();
  }

  // ---------- our own commands, each leaving a token for the event it causes ----------

  pause(now: number): void {
    this.#expected.expect('pause', now);
  }

  play(now: number): void {
    this.#expected.expect('play', now);
  }

  seek(seconds: number, now: number): void {
    this.#expected.expect('seeking', now);
    this.#seekTarget = seconds;
  }

  rate(rate: number, now: number): void {
    this.#commandedRate = rate;
    this.#expected.expect('ratechange', now);
  }

  // ---------- what the player did ----------

  /** True (and the token is used up) if our own command caused this event. */
  isEcho(player: Player, event: CommandEvent, now: number): boolean {
    return this.#showsOurCommand(player, event) && this.#expected.consume(event, now);
  }

  /**
   * Whether the player shows what our own seek or rate command set: a user seeking right after
   * our seek must not pass for ours. (Play and pause events lag the element's state, so their
   * tokens alone decide.)
   */
  #showsOurCommand(player: Player, event: CommandEvent): boolean {
    switch (event) {
      case 'play':
      case 'pause':
        return true;
      case 'seeking':
        return Math.abs(player.currentTime - this.#seekTarget) < 0.1;
      case 'ratechange':
        return Math.abs(player.playbackRate - this.#commandedRate) < 1e-3;
    }
  }

  /**
   * YouTube sets the rate back on its own (to the room's rate, or to 1 after we changed it from
   * outside, and after loads and ads), and out-of-range rates are not ours to send: whether
   * `rate` is such a change, to re-assert ours over. Anything else is the user's.
   */
  isYoutubeRate(rate: number, viewRate: number, now: number, userActed: () => boolean): boolean {
    const toRoomRate = Math.abs(rate - viewRate) < 1e-3;
    const resetProne = now - this.#roomRateAppliedAt < RATE_RESET_WINDOW_MS;
    const youtubeReset = Math.abs(rate - 1) < 1e-3 && !userActed() && resetProne;
    return toRoomRate || youtubeReset || rate < MIN_RATE || rate > MAX_RATE;
  }

  /** The user's speed is now the one to keep (and to judge later changes against). */
  usersRate(rate: number): void {
    this.#roomRate = rate;
    this.#commandedRate = rate;
  }
}
