/**
 * Keeps a playing video on the room's timeline without visible jumps: inside a deadband nothing
 * happens, a small error is closed by nudging `playbackRate` (±5 % at most, inaudible), and only
 * an error too large to close that way is seeked away.
 * @module
 */

/** Errors below this are frame jitter: leave the rate alone. */
export const DEADBAND_S = 0.006;
/** Start correcting only above this, so the rate does not flutter around the deadband. */
export const ENGAGE_S = 0.015;
/** The most the rate is nudged, as a fraction of the room's rate. */
export const MAX_NUDGE = 0.05;
/** Nudges come in steps of this fraction of the room's rate. */
export const NUDGE_STEP = 0.005;
/** Rate nudge per second of error: 100 ms off → the full 5 %. */
const GAIN_PER_S = 0.5;
/** Beyond this, nudging would take too long (20 s at 5 %): seek. */
export const SEEK_BEYOND_S = 1;
/**
 * A start that missed by more than this (a player just reloaded, after an ad, say, starts late)
 * is seeked onto the timeline at once: nudging would leave it frames apart for seconds.
 */
export const START_MISS_S = 0.03;

export type DriftCorrection =
  { kind: 'rate'; rate: number; correcting: boolean } | { kind: 'seek' };

/**
 * The correction for `error` seconds (positive: ahead of the timeline) at room rate `baseRate`.
 * `correcting` says whether the previous call was nudging (hysteresis between deadband and engage).
 */
export function correctDrift(
  error: number,
  baseRate: number,
  correcting: boolean,
): DriftCorrection {
  const size = Math.abs(error);
  if (size > SEEK_BEYOND_S) return { kind: 'seek' };
  if (size < DEADBAND_S || (!correcting && size < ENGAGE_S))
    return { kind: 'rate', rate: baseRate, correcting: false };
  const nudge = Math.max(-MAX_NUDGE, Math.min(MAX_NUDGE, error * GAIN_PER_S));
  // Whole steps only: the rate then changes a few times per correction, not on every frame.
  const stepped = Math.round(nudge / NUDGE_STEP) * NUDGE_STEP;
  return { kind: 'rate', rate: baseRate * (1 - stepped), correcting: true };
}

/** A robust current error from the last few frames: the median ignores a single late frame. */
export class ErrorWindow {
  #values: number[] = [];

  constructor(private readonly size = 7) {}

  add(error: number): void {
    this.#values.push(error);
    if (this.#values.length > this.size) this.#values.shift();
  }

  clear(): void {
    this.#values = [];
  }

  /** The median, or null until the window has enough frames to trust. */
  get median(): number | null {
    if (this.#values.length < Math.ceil(this.size / 2)) return null;
    const sorted = [...this.#values].sort((a, b) => a - b);
    return sorted[Math.floor(sorted.length / 2)] ?? null;
  }
}

/** Rate nudges change at most this often: each change costs YouTube a `ratechange`. */
const MIN_NUDGE_GAP_MS = 150;
/** Never correct by seeking more often than this: a seek costs a rebuffer. */
const MIN_SEEK_GAP_MS = 3000;

export type DriftAction = { kind: 'seek' } | { kind: 'rate'; rate: number };

/** The drift control loop's memory: recent frame errors, hysteresis, and when it last acted. */
export class DriftController {
  #errors = new ErrorWindow();
  #correcting = false;
  #lastError: number | null = null;
  #lastFrameAt = 0;
  #lastCorrectiveSeekAt = -Infinity;
  #lastNudgeAt = -Infinity;
  /** The next correction is the first since a state was applied afresh. */
  #firstSinceRestart = false;

  /** `localNow`: local time in ms, read when a correction is decided. */
  constructor(private readonly localNow: () => number) {}

  /** The error last measured, for the health report. */
  get lastError(): number | null {
    return this.#lastError;
  }

  /** Forgets the frames measured so far (a new element). */
  clearErrors(): void {
    this.#errors.clear();
  }

  /** A state applied afresh: what came before says nothing about it. */
  restart(): void {
    this.#correcting = false;
    this.#errors.clear();
    this.#firstSinceRestart = true;
  }

  /** "Resync": a fresh start that may seek at once. */
  resync(): void {
    this.#errors.clear();
    this.#correcting = false;
    this.#lastCorrectiveSeekAt = -Infinity;
  }

  frameShown(): void {
    this.#lastFrameAt = this.localNow();
  }

  /** Frames showed lately: the frame errors keep the loop going, not the periodic check. */
  framesFlowing(now: number): boolean {
    return now - this.#lastFrameAt < 500;
  }

  /** A steady frame's error; returns the window's median once there are enough to trust. */
  addFrameError(error: number): number | null {
    this.#errors.add(error);
    const median = this.#errors.median;
    if (median === null) return null;
    this.#lastError = median;
    return median;
  }

  /** An error read off the element when it shows no frames (a hidden tab). */
  addUnframedError(error: number): void {
    this.#lastError = error;
  }

  /** What to do about `error` at room rate `roomRate`, the player being at `commandedRate`. */
  correction(error: number, roomRate: number, commandedRate: number): DriftAction | null {
    const seekAllowed = this.localNow() - this.#lastCorrectiveSeekAt >= MIN_SEEK_GAP_MS;
    const missedStart = this.#firstSinceRestart && Math.abs(error) > START_MISS_S && seekAllowed;
    this.#firstSinceRestart = false;
    const correction = missedStart
      ? ({ kind: 'seek' } as const)
      : correctDrift(error, roomRate, this.#correcting);
    if (correction.kind === 'seek') {
      const now = this.localNow();
      if (!seekAllowed) return null;
      this.#lastCorrectiveSeekAt = now;
      this.#errors.clear();
      return correction;
    }
    this.#correcting = correction.correcting;
    const now = this.localNow();
    const backToRoomRate = correction.rate === roomRate;
    if (Math.abs(correction.rate - commandedRate) < 1e-4) return null;
    if (!backToRoomRate && now - this.#lastNudgeAt < MIN_NUDGE_GAP_MS) return null;
    this.#lastNudgeAt = now;
    return { kind: 'rate', rate: correction.rate };
  }
}
