/**
 * The per-address join limit in memory: at most `perMinute` joins per address in a fixed
 * one-minute window (0: no limit), as the Redis limiter counts them.
 * @module
 */
/* eslint-disable @typescript-eslint/require-await -- the ports are async for Redis; memory answers at once. */
import type { Clock } from '../ports/clock';
import type { Admission, JoinLimits } from '../ports/limits';

const WINDOW_MS = 60_000;

export class MemoryJoinLimits implements JoinLimits {
  readonly #windows = new Map<string, { start: number; count: number }>();

  constructor(
    private readonly perMinute: number,
    private readonly clock: Clock,
  ) {}

  async admitJoin(ip: string): Promise<Admission> {
    if (this.perMinute === 0) return { allowed: true };
    const now = this.clock.now();
    let window = this.#windows.get(ip);
    if (!window || now - window.start >= WINDOW_MS) {
      window = { start: now, count: 0 };
      this.#windows.set(ip, window);
    }
    window.count++;
    if (window.count <= this.perMinute) return { allowed: true };
    return {
      allowed: false,
      retryAfterS: Math.max(1, Math.ceil((window.start + WINDOW_MS - now) / 1000)),
    };
  }
}
