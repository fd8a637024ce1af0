/**
 * Video and playlist ids in request paths.
 * @module
 */

/** Ids as issued by INCR: no sign, no leading zeros, within safe-integer range. */
const ENTITY_ID_PATTERN = /^[1-9]\d{0,14}$/;

/**
 * The id in a path segment, or null when it cannot be one. Callers answer a malformed id with
 * the same 404 as somebody else's or a missing one, so ids cannot be probed for existence.
 */
export function parseEntityId(text: string): number | null {
  return ENTITY_ID_PATTERN.test(text) ? Number(text) : null;
}
