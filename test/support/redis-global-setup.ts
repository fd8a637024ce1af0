/**
 * Vitest global setup: one real redis-server for the whole run; tests isolate themselves with a
 * random key prefix each.
 * @module
 */
import type { TestProject } from 'vitest/node';
import { startRedis } from './redis-server';

declare module 'vitest' {
  export interface ProvidedContext {
    redisUrl: string;
  }
}

export default async function setup(project: TestProject) {
  const redis = await startRedis();
  project.provide('redisUrl', redis.url);
  return () => redis.stop();
}
