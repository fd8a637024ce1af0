/**
 * A Lua script run by hash (EVALSHA), loaded on first use or after a Redis restart.
 * @module
 */
import { createHash } from 'node:crypto';
import type { Redis } from 'ioredis';

/** One server-side script; `run` sends only its SHA-1 once Redis has cached it. */
export class LuaScript {
  readonly #sha: string;

  constructor(readonly source: string) {
    this.#sha = createHash('sha1').update(source).digest('hex');
  }

  /** Runs the script atomically on `redis` with the given keys and arguments. */
  async run(redis: Redis, keys: string[], args: (string | number)[]): Promise<unknown> {
    try {
      return await redis.evalsha(this.#sha, keys.length, ...keys, ...args);
    } catch (error) {
      if (!(error instanceof Error) || !error.message.startsWith('NOSCRIPT')) throw error;
      return redis.eval(this.source, keys.length, ...keys, ...args);
    }
  }
}
