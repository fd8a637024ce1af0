/**
 * What the extension says about live streams, wherever a room could start or go on on one. A
 * room keeps one position for everyone; a live stream's position runs away with its live edge,
 * every hold and pause moves the room further behind it, and a stream without a long enough
 * rewind window cannot go back to the room's position at all: so rooms are for videos (and for
 * a stream once it has ended and become one).
 * @module
 */

/** Start room on a live stream. */
export const LIVE_START_REFUSED =
  'This is a live stream: We Watch keeps rooms in sync on videos, not on live streams, so it ' +
  'did not start a room. Once the stream has ended, its video can be watched together.';

/** Joining, on a live stream, a room whose video it is. */
export const LIVE_JOIN_REFUSED =
  'This room is on a live stream: We Watch keeps rooms in sync on videos, not on live streams, ' +
  'so it did not join. Once the stream has ended, its video can be watched together.';

/** A room's video turned out to be a live stream once its page showed it. */
export function liveRoomLeft(title: string): string {
  return (
    `“${title}” is a live stream: We Watch keeps rooms in sync on videos, not on live ` +
    'streams, so this tab left the room. Once the stream has ended, its video can be watched ' +
    'together.'
  );
}
