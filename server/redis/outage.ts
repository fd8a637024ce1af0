/**
 * Telling a Redis outage (answer 503, retry later) or a full Redis (503, nothing was stored)
 * from a bug (answer 500, investigate).
 * @module
 */
import type { Redis } from 'ioredis';

/**
 * True when `error` came from `redis` being unreachable, or stalled past the command timeout. A
 * `ReplyError` is Redis answering (our command was wrong, or memory is full), never an outage.
 */
export function isRedisOutage(redis: Redis, error: unknown): boolean {
  if (!(error instanceof Error) || error.name === 'ReplyError') return false;
  return (
    redis.status !== 'ready' ||
    error.name === 'MaxRetriesPerRequestError' ||
    /Connection is closed|enableOfflineQueue|Command timed out/.test(error.message)
  );
}

/**
 * True when Redis refused a write because it reached `maxmemory` (`noeviction` never drops data
 * to make room): an OOM reply, or a transaction aborted because a command in it got one.
 */
export function isStorageFull(error: unknown): boolean {
  if (!(error instanceof Error) || error.name !== 'ReplyError') return false;
  if (error.message.startsWith('OOM ')) return true;
  const previous = (error as { previousErrors?: unknown }).previousErrors;
  return Array.isArray(previous) && previous.some(isStorageFull);
}
