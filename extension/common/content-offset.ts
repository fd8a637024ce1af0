/**
 * Stitched ads (inserted into the video stream itself) shift `<video>.currentTime` away from the
 * video's own time, which YouTube's player API still reports. The difference is the offset sync
 * must subtract, or everyone would end up that far apart for good.
 * @module
 */

/**
 * The isolated content script dispatches this on `window` to ask; the page-world bridge answers
 * at once with `CONTENT_OFFSET_EVENT`. DOM events are dispatched synchronously across worlds, so
 * the answer is there when `dispatchEvent` returns.
 */
export const CONTENT_OFFSET_REQUEST = 'wewatch:content-offset-request';
/** The answer: seconds of media time ahead of content time. */
export const CONTENT_OFFSET_EVENT = 'wewatch:content-offset';

/** Below this the two clocks only differ by when each was read. */
const NOISE_S = 0.25;

/**
 * Media time minus content time, or 0 when they agree. Stitched ads only ever add media time: a
 * negative difference is a page restoring its position after a client-side ad, not an offset.
 */
export function contentOffset(mediaTime: number, contentTime: number): number {
  const offset = mediaTime - contentTime;
  return Number.isFinite(offset) && offset >= NOISE_S ? offset : 0;
}
