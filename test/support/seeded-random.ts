/**
 * A seeded pseudo-random generator (mulberry32), so that a run can be replayed: a test prints its
 * seed and `TEST_SEED=<seed>` runs the same sequence again; a benchmark fixes its seed, so every
 * run draws the same jitter.
 * @module
 */

/** Uniform numbers in [0, 1) from a 32-bit seed. */
export class SeededRandom {
  #state: number;

  constructor(readonly seed: number) {
    this.#state = seed >>> 0;
  }

  /** The seed from `TEST_SEED`, or a fresh one. */
  static fromEnv(): SeededRandom {
    const fromEnv = Number(process.env.TEST_SEED);
    return new SeededRandom(
      Number.isSafeInteger(fromEnv) ? fromEnv : Math.floor(Math.random() * 2 ** 32),
    );
  }

  /** The next number in [0, 1). */
  next(): number {
    this.#state = (this.#state + 0x6d2b79f5) >>> 0;
    let t = this.#state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 2 ** 32;
  }

  /** A whole number in [min, max]. */
  int(min: number, max: number): number {
    return min + Math.floor(this.next() * (max - min + 1));
  }

  /** True with probability `p`. */
  chance(p: number): boolean {
    return this.next() < p;
  }

  /** One element of `items`. */
  pick<T>(items: readonly T[]): T {
    const item = items[Math.floor(this.next() * items.length)];
    if (item === undefined) throw new Error('pick from an empty list');
    return item;
  }
}
