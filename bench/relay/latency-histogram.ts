/**
 * Latency samples kept as a histogram, so millions of deliveries cost a fixed amount of memory
 * and several load processes' samples merge by adding counts.
 * @module
 */

/** Fine buckets of 10 µs up to 100 ms, then coarse buckets of 5 ms up to 60 s. */
const FINE_US = 10;
const FINE_COUNT = 10_000;
const COARSE_US = 5000;
const COARSE_COUNT = 12_000;

/** A histogram's non-empty buckets, as sent between processes. */
export interface HistogramData {
  /** [bucket index, count] pairs; indexes past the fine buckets are coarse ones. */
  buckets: Array<[number, number]>;
  count: number;
  maxMs: number;
}

/** Counts latencies in milliseconds. */
export class LatencyHistogram {
  readonly #counts = new Uint32Array(FINE_COUNT + COARSE_COUNT);
  #count = 0;
  #maxMs = 0;

  record(ms: number): void {
    const us = Math.max(0, ms * 1000);
    const index =
      us < FINE_US * FINE_COUNT
        ? Math.floor(us / FINE_US)
        : FINE_COUNT + Math.min(COARSE_COUNT - 1, Math.floor(us / COARSE_US));
    this.#counts[index]!++;
    this.#count++;
    if (ms > this.#maxMs) this.#maxMs = ms;
  }

  get count(): number {
    return this.#count;
  }

  toData(): HistogramData {
    const buckets: Array<[number, number]> = [];
    this.#counts.forEach((count, index) => {
      if (count > 0) buckets.push([index, count]);
    });
    return { buckets, count: this.#count, maxMs: this.#maxMs };
  }

  /** Adds another histogram's counts to this one. */
  add(data: HistogramData): void {
    for (const [index, count] of data.buckets) this.#counts[index]! += count;
    this.#count += data.count;
    this.#maxMs = Math.max(this.#maxMs, data.maxMs);
  }

  /** The latency (ms, the bucket's upper edge) below which a fraction `q` of samples fall. */
  quantile(q: number): number | null {
    if (this.#count === 0) return null;
    const rank = Math.max(1, Math.ceil(q * this.#count));
    let seen = 0;
    for (let index = 0; index < this.#counts.length; index++) {
      seen += this.#counts[index]!;
      if (seen >= rank) return Math.min(this.#maxMs, upperEdgeMs(index));
    }
    return this.#maxMs;
  }

  get maxMs(): number | null {
    return this.#count === 0 ? null : this.#maxMs;
  }
}

function upperEdgeMs(index: number): number {
  return index < FINE_COUNT
    ? ((index + 1) * FINE_US) / 1000
    : ((index - FINE_COUNT + 1) * COARSE_US) / 1000;
}
