/**
 * Redis connections configured for a relay: fail fast while down or stalled, reconnect forever.
 * @module
 */
import { Redis } from 'ioredis';

/**
 * Opens a connection and resolves once it is ready. Commands issued while Redis is unreachable
 * fail at once instead of queueing, and a command Redis does not answer within
 * `commandTimeoutMs` fails too, so API requests and joins answer 503 rather than hang and pile up.
 */
export async function connectRedis(
  url: string,
  name: string,
  commandTimeoutMs: number,
): Promise<Redis> {
  const redis = new Redis(url, {
    connectionName: name,
    lazyConnect: true,
    enableOfflineQueue: false,
    maxRetriesPerRequest: 1,
    commandTimeout: commandTimeoutMs,
    retryStrategy: (attempt) => Math.min(100 * 2 ** attempt, 2000),
  });
  try {
    await redis.connect();
  } catch (error) {
    redis.disconnect();
    throw error;
  }
  return redis;
}
