/**
 * The relay's one clock, for `state.at` and for pong timestamps alike.
 * @module
 */
import type { Clock } from './ports/clock';

/**
 * Milliseconds since the epoch on a monotonic base: `timeOrigin` anchors it near wall time and
 * `performance.now()` never steps when NTP adjusts the system clock. Clients estimate their offset
 * to this clock from pongs and then read `state.at` on it, so both must come from here.
 */
export const relayClock: Clock = {
  now: () => performance.timeOrigin + performance.now(),
};
