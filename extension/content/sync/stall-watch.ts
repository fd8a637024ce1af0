/**
 * Watches the player for what the relay holds the room on: a stall (or an ad) too long for the
 * room to absorb, told once per episode, and being ready on a hold's position, told once per hold.
 * A shorter stall (YouTube's buffer running dry mid-play: a starved network, a quality switch)
 * leaves the member behind by as long as it waited; its end is told too, so that the time lost
 * is made up at once (one seek when too wide to nudge away) rather than over many seconds of
 * nudged speed.
 * Before this member has shown the room's video at all since joining, its wait (a pre-roll, the
 * first load) is its own: the room plays on, and the member catches up once the video shows.
 * @module
 */
import { STALL_REPORT_AFTER_MS, type RoomState } from '../../../shared/protocol';
import type { Player } from './player';

export class StallWatch {
  #sent = false;
  #readySentFor = 0;
  #progress = { time: 0, at: 0 };
  #adSince: number | null = null;
  /** The room's rev when the buffer was last seen dry mid-play, until it plays on. */
  #dryAtRev: number | null = null;
  /** The room's video has shown in this player since joining (not just ads). */
  #videoShown = false;

  /** When the player last moved on (or last had no reason to), local ms. */
  get progressAt(): number {
    return this.#progress.at;
  }

  /** A new element: an ad already showing in it counts from now. */
  attached(adShowing: boolean, now: number): void {
    this.#adSince = adShowing ? now : null;
    this.#dryAtRev = null;
  }

  adStarted(now: number): void {
    this.#adSince = now;
  }

  adEnded(): void {
    this.#adSince = null;
  }

  /** A fresh welcome from the relay: nothing is reported yet. */
  joined(): void {
    this.#readySentFor = 0;
    this.#sent = false;
    this.#dryAtRev = null;
    this.#videoShown = false;
  }

  /**
   * `playing`: whether it ends a dry buffer while the room went on as it was, so the time lost
   * must be made up now. A room that changed meanwhile (a hold for this very stall, a pause, a
   * seek) has been applied afresh already; a change of our own in flight is not to be undone.
   */
  refilled(timeline: { state: RoomState | null; settling: boolean }): boolean {
    const dryAtRev = this.#dryAtRev;
    this.#dryAtRev = null;
    return dryAtRev !== null && timeline.state?.rev === dryAtRev && !timeline.settling;
  }

  /** The hold to tell the relay we are ready for: on its position and able to play, once. */
  ready(player: Player | null, state: RoomState | null, me: string | null): number | null {
    const hold = state?.hold;
    if (!player || !state || !hold || me === null || this.#readySentFor === hold.id) return null;
    if (!hold.waitingFor.includes(me)) return null;
    // HAVE_CURRENT_DATA: the frame is there; a paused element may load no further until played.
    if (player.seeking || player.readyState < 2 || player.adShowing) return null;
    if (Math.abs(player.currentTime - state.position) > 0.1) return null;
    this.#readySentFor = hold.id;
    // Ready ends this stall episode: a later one (an ad, say) is reported afresh.
    this.#sent = false;
    return hold.id;
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
    // HAVE_CURRENT_DATA outside an ad: a frame of the video itself is there.
    else if (player.readyState >= 2 && !loading) this.#videoShown = true;
    // Short of data to play on (`waiting`), not seeking, loading or showing an ad.
    const dry = player.readyState < 3 && !player.paused && !player.seeking && !player.adShowing;
    if (shouldPlay && dry && !loading) this.#dryAtRev = state.rev;
    if (!shouldPlay || this.#sent || !this.#videoShown) return false;
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
