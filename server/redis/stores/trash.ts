/**
 * Undo for deletions: a deleted video or playlist leaves a snapshot under `trash:*` for this long,
 * and the optimistic retry shared by the scripts that must name every key they touch up front.
 * @module
 */

/** How long a deletion can be undone. */
export const TRASH_TTL_MS = 10 * 60 * 1000;

/** How often a script is retried after answering `stale` before the request fails. */
const STALE_RETRIES = 5;

/**
 * Runs `attempt` until it answers something other than `'stale'`. Scripts whose keys depend on
 * data (a user's playlists, a snapshot's memberships) read that data first, pass the keys, and
 * answer `'stale'` when the data changed in between; a fresh read then names the right keys.
 */
export async function retryWhileStale<T>(attempt: () => Promise<T | 'stale'>): Promise<T> {
  for (let i = 0; i < STALE_RETRIES; i++) {
    const result = await attempt();
    if (result !== 'stale') return result;
  }
  throw new Error('the data kept changing during a library update');
}

/** A flat `[field, value, …]` script reply (HGETALL inside Lua) as a record. */
export function hashFromReply(reply: unknown): Record<string, string> {
  const fields: Record<string, string> = {};
  if (!Array.isArray(reply)) return fields;
  for (let i = 0; i + 1 < reply.length; i += 2) fields[String(reply[i])] = String(reply[i + 1]);
  return fields;
}
