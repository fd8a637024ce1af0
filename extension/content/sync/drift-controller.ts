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
