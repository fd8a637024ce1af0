/**
 * How long this player takes to act on our commands, learnt from what it does: a seek's time to
 * land (corrective seeks aim that far ahead) and the time from play() until the media clock
 * moves (scheduled starts call play() that much early).
 * @module
 */

export class LatencyModel {
  /** Seconds a seek takes to land here, measured. */
  #seekS = 0.15;
  #seekStartedAt: number | null = null;
  #seekTarget = 0;
  /** Milliseconds from play() to the first frame that moves on, measured. */
  #playMs = 30;
  #playCalled: { at: number; from: number } | null = null;

  get seekS(): number {
    return this.#seekS;
  }

  get playMs(): number {
    return this.#playMs;
  }

  seekStarted(seconds: number, now: number): void {
    this.#seekStartedAt = now;
    this.#seekTarget = seconds;
  }

  /** A seek (ours or the user's) has landed with the player at `position`. */
  seekLanded(position: number, now: number): void {
    if (this.#seekStartedAt !== null && Math.abs(position - this.#seekTarget) < 0.1) {
      const took = (now - this.#seekStartedAt) / 1000;
      this.#seekS = Math.min(1.5, Math.max(0.02, 0.7 * this.#seekS + 0.3 * took));
      this.#seekStartedAt = null;
    }
  }

  playCalled(now: number, from: number): void {
    this.#playCalled = { at: now, from };
  }

  /** A frame shown at `displayedAt` (local ms) with the player at `rate`. */
  frameShown(mediaTime: number, displayedAt: number, rate: number): void {
    const started = this.#playCalled;
    if (started && mediaTime > started.from + 0.001) {
      // The media clock started before this frame showed: by the media time already played.
      // Counting from the frame instead would make every later start that much early.
      const took = displayedAt - ((mediaTime - started.from) * 1000) / rate - started.at;
      if (took > 0 && took < 500) this.#playMs = Math.min(200, 0.7 * this.#playMs + 0.3 * took);
      this.#playCalled = null;
    }
  }
}
