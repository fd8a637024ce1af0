/**
 * Timeline math shared by the relay and the extension.
 * @module
 */
import type { RoomState } from './protocol';

/** Where the room's video should be, in seconds, at relay time `now` (ms). */
export function expectedPosition(state: RoomState, now: number): number {
  if (!state.playing || state.hold) return state.position;
  // Before a scheduled start the position holds still: nobody plays before `at`.
  const elapsed = Math.max(0, now - state.at);
  return state.position + (elapsed / 1000) * state.rate;
}
