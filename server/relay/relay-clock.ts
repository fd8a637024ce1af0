/**
 * The relay's one clock, for `state.at` and for pong timestamps alike.
 * @module
 */

/**
 * Milliseconds since the epoch on a monotonic base: `timeOrigin` anchors it near wall time and
 * `performance.now()` never steps when NTP adjusts the system clock. Clients estimate their offset
 * to this clock from pongs and then read `state.at` on it, so both must come from here.
 */
export function relayNow(): number {
  return performance.timeOrigin + performance.now();
}
