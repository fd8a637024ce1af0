/**
 * The numbers that bound a room's timeline. A leaf, so the protocol's schemas, the room timeline
 * (`room-timeline.ts`), the Lua scripts built from it and the extension all read the same ones.
 * @module
 */

/** YouTube's own speed range. */
export const MIN_RATE = 0.25;
export const MAX_RATE = 2;
/** The furthest a timeline goes, in seconds (some 11 days: past any video YouTube serves). */
export const MAX_POSITION = 1e6;
/** The most members one hold waits for; a member beyond them catches up on the release. */
export const MAX_HOLD_WAITING = 64;

/** The shortest lead a scheduled start gets, and the margin added to the slowest member's rtt. */
export const MIN_START_LEAD_MS = 150;
export const START_LEAD_MARGIN_MS = 80;
/** Assumed for the slowest member until someone has reported a round trip. */
export const UNKNOWN_RTT_MS = 250;
/** The longest lead a scheduled start may have. */
export const MAX_START_LEAD_MS = 600;
