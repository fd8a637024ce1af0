/**
 * Telling a Redis outage (answer 503, retry later) from a bug (answer 500, investigate).
 * @module
 */
import type { Redis } from 'ioredis';

/** The message users see whenever the database is unreachable. */
export const UNAVAILABLE_MESSAGE =
  "The We Watch server's database is unavailable; try again shortly";

/**
 * True when `error` came from `redis` being unreachable. A `ReplyError` is Redis answering (our
 * command was wrong), never an outage.
 */
export function isRedisOutage(redis: Redis, error: unknown): boolean {
  if (!(error instanceof Error) || error.name === 'ReplyError') return false;
  return (
    redis.status !== 'ready' ||
    error.name === 'MaxRetriesPerRequestError' ||
    /Connection is closed|enableOfflineQueue/.test(error.message)
  );
}
