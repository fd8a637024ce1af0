/**
 * Redis connections configured for a relay: fail fast while down, reconnect forever.
 * @module
 */
import { Redis } from 'ioredis';

/**
 * Opens a connection and resolves once it is ready. Commands issued while Redis is unreachable
 * fail at once instead of queueing, so API requests and joins answer 503 rather than hang.
 */
export async function connectRedis(url: string, name: string): Promise<Redis> {
  const redis = new Redis(url, {
    connectionName: name,
    lazyConnect: true,
    enableOfflineQueue: false,
    maxRetriesPerRequest: 1,
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
