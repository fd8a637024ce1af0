/**
 * A Lua script run by hash (EVALSHA), loaded on first use or after a Redis restart.
 * @module
 */
import { createHash } from 'node:crypto';
import type { Redis } from 'ioredis';

/** Times script calls: `startTimer()` returns the function that ends the timing. */
interface ScriptTimer {
  startTimer(): () => unknown;
}

/**
 * The timer of each connection whose script calls are measured: the scripts are constants shared
 * by every relay node in the process, so the timer goes with the node's connection.
 */
const timers = new WeakMap<Redis, ScriptTimer>();

/** Measures every script call made on `redis` from now on with `timer`. */
export function timeScripts(redis: Redis, timer: ScriptTimer): void {
  timers.set(redis, timer);
}

/** One server-side script; `run` sends only its SHA-1 once Redis has cached it. */
export class LuaScript {
  readonly #sha: string;

  constructor(readonly source: string) {
    this.#sha = createHash('sha1').update(source).digest('hex');
  }

  /** Runs the script atomically on `redis` with the given keys and arguments. */
  async run(redis: Redis, keys: string[], args: (string | number)[]): Promise<unknown> {
    const done = timers.get(redis)?.startTimer();
    try {
      return await redis.evalsha(this.#sha, keys.length, ...keys, ...args);
    } catch (error) {
      if (!(error instanceof Error) || !error.message.startsWith('NOSCRIPT')) throw error;
      return await redis.eval(this.source, keys.length, ...keys, ...args);
    } finally {
      done?.();
    }
  }
}
