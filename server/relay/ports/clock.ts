/**
 * The relay's clock, injected so that the rules that depend on time (hold deadlines, scheduled
 * starts, knock and member staleness) can be driven by a test.
 * @module
 */

export interface Clock {
  /** Relay time: milliseconds since the epoch, on a base that never steps. */
  now(): number;
}
