/**
 * When the page, not the user, drives the player: while a video loads, and for a moment after it
 * can play or after an ad (YouTube autoplays and restores positions then), the player's events
 * are the page's own.
 * @module
 */

/** How long after a load or an ad the page still drives the player. */
export const SETTLE_MS = 1000;

export class PageSettle {
  /** A load is under way: the element cannot play yet. */
  loading = false;
  #settleUntil = 0;

  attached(readyState: number): void {
    // Still loading: the page will autoplay or restore a position when it can play.
    this.loading = readyState < 3;
  }

  loadStarted(now: number): void {
    this.loading = true;
    this.#settleUntil = now + SETTLE_MS;
  }

  /** `canplay`: whether it ended a load (seeks fire canplay too, and end nothing). */
  canPlay(now: number): boolean {
    if (!this.loading) return false;
    this.loading = false;
    this.#settleUntil = now + SETTLE_MS;
    return true;
  }

  adEnded(now: number): void {
    this.#settleUntil = now + SETTLE_MS;
  }

  pageDriving(now: number): boolean {
    return this.loading || now < this.#settleUntil;
  }
}
