/**
 * NTP-style clock offset estimation over the room connection.
 * @module
 */

/** One ping/pong exchange: t0 client send, t1 relay receive, t2 relay send, t3 client receive. */
export interface ClockSample {
  t0: number;
  t1: number;
  t2: number;
  t3: number;
}

export interface ClockEstimate {
  /** Add to the local clock to get relay time. */
  offset: number;
  /** Round-trip time minus the relay's own processing. */
  delay: number;
}

/** Offset and delay of one exchange: `offset = ((t1 − t0) + (t2 − t3)) / 2`. */
export function estimateClockOffset({ t0, t1, t2, t3 }: ClockSample): ClockEstimate {
  return { offset: (t1 - t0 + (t2 - t3)) / 2, delay: t3 - t0 - (t2 - t1) };
}

/**
 * Keeps the recent samples and trusts the one with the smallest delay: queueing only ever adds
 * delay, and the least-delayed exchange is the least skewed by asymmetric queueing.
 */
export class ClockOffsetEstimator {
  #samples: ClockEstimate[] = [];

  constructor(private readonly windowSize = 16) {}

  add(sample: ClockSample): ClockEstimate {
    const estimate = estimateClockOffset(sample);
    // A negative delay means a clock stepped during the exchange; the sample is meaningless.
    if (estimate.delay >= 0) {
      this.#samples.push(estimate);
      if (this.#samples.length > this.windowSize) this.#samples.shift();
    }
    return estimate;
  }

  /** The best current estimate, or null before the first usable sample. */
  get best(): ClockEstimate | null {
    let best: ClockEstimate | null = null;
    for (const s of this.#samples) if (!best || s.delay < best.delay) best = s;
    return best;
  }

  get sampleCount(): number {
    return this.#samples.length;
  }
}
