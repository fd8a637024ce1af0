/**
 * A peer's displayed frames as a function of wall time: where its picture was at any instant,
 * interpolated between the two frames around it, or nothing when it was not playing steadily.
 * @module
 */
import type { Recording } from './frame-recorder';

/** Frames further apart than this are a stall, a pause or a seek: no position in between. */
export const MAX_FRAME_GAP_MS = 100;
/** Media time may not jump more than this between neighbouring frames (a seek, not playback). */
const MAX_MEDIA_STEP_S = 0.25;

export class FrameTimeline {
  readonly walls: Float64Array;
  readonly media: Float64Array;
  readonly ad: Uint8Array;

  constructor(recording: Recording) {
    const count = Math.floor(recording.frames.length / 3);
    this.walls = new Float64Array(count);
    this.media = new Float64Array(count);
    this.ad = new Uint8Array(count);
    for (let i = 0; i < count; i++) {
      this.walls[i] = recording.frames[i * 3]!;
      this.media[i] = recording.frames[i * 3 + 1]!;
      this.ad[i] = recording.frames[i * 3 + 2]!;
    }
  }

  get length(): number {
    return this.walls.length;
  }

  /** Index of the last frame displayed at or before `wall`, or −1. */
  frameAt(wall: number): number {
    let [lo, hi] = [0, this.walls.length - 1];
    if (hi < 0 || this.walls[0]! > wall) return -1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (this.walls[mid]! <= wall) lo = mid;
      else hi = mid - 1;
    }
    return lo;
  }

  /** Media time (s) shown at `wall`, linear between neighbouring frames; null unless playing steadily. */
  positionAt(wall: number): number | null {
    const i = this.frameAt(wall);
    if (i < 0 || i + 1 >= this.walls.length) return null;
    const [w0, w1] = [this.walls[i]!, this.walls[i + 1]!];
    const [m0, m1] = [this.media[i]!, this.media[i + 1]!];
    if (this.ad[i] || this.ad[i + 1]) return null;
    if (w1 - w0 > MAX_FRAME_GAP_MS || w1 <= w0) return null;
    if (m1 <= m0 || m1 - m0 > MAX_MEDIA_STEP_S) return null;
    return m0 + ((wall - w0) / (w1 - w0)) * (m1 - m0);
  }

  /** The last displayed media time at or before `wall` (playing or not), or null. */
  shownAt(wall: number): number | null {
    const i = this.frameAt(wall);
    return i < 0 ? null : this.media[i]!;
  }

  /**
   * Wall time of the first frame after `after`, inside [lo, hi] (media s), from which playback
   * runs on steadily for `sustainMs`. Brief false starts (a seeker's player moving on for a
   * frame or two before the room's hold stops it) are skipped.
   */
  firstStart(after: number, lo: number, hi: number, sustainMs = 500): number | null {
    let runStart: number | null = null;
    for (let i = Math.max(0, this.frameAt(after) + 1); i + 1 < this.walls.length; i++) {
      const [m, next] = [this.media[i]!, this.media[i + 1]!];
      const steady =
        !this.ad[i] &&
        m >= lo &&
        m <= hi &&
        next > m &&
        next - m <= MAX_MEDIA_STEP_S &&
        this.walls[i + 1]! - this.walls[i]! <= MAX_FRAME_GAP_MS;
      if (!steady) {
        runStart = null;
        continue;
      }
      runStart ??= this.walls[i]!;
      if (this.walls[i + 1]! - runStart >= sustainMs) return runStart;
    }
    return null;
  }
}
