/**
 * Timeline math shared by the extension (where its player should be) and the room timeline
 * (`room-timeline.ts`: where a stall holds the room). The relay's Lua scripts repeat the same
 * arithmetic in Redis, held to it by the room timeline's differential test.
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
