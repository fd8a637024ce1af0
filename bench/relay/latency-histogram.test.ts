import { describe, expect, it } from 'vitest';
import { LatencyHistogram } from './latency-histogram';

describe('LatencyHistogram', () => {
  it('answers quantiles with the upper edge of the sample’s bucket', () => {
    const histogram = new LatencyHistogram();
    // 10 µs buckets below 100 ms: 0.123 ms is bucket 12 (up to 0.13), 0.5 ms bucket 50 (up to
    // 0.51), 2 ms bucket 200 (up to 2.01); 250 ms falls in a 5 ms bucket (up to 255).
    for (const ms of [2, 0.5, 250, 0.123]) histogram.record(ms);
    expect(histogram.count).toBe(4);
    expect(histogram.quantile(0.25)).toBe(0.13); // rank ⌈1⌉
    expect(histogram.quantile(0.5)).toBe(0.51); // rank ⌈2⌉
    expect(histogram.quantile(0.75)).toBe(2.01); // rank ⌈3⌉
    // Rank ⌈3.96⌉ = 4: the 250–255 ms bucket, capped at the largest sample.
    expect(histogram.quantile(0.99)).toBe(250);
    expect(histogram.maxMs).toBe(250);
  });

  it('keeps samples beyond 60 s in its last bucket', () => {
    const histogram = new LatencyHistogram();
    histogram.record(100_000);
    expect(histogram.quantile(1)).toBe(60_000);
    expect(histogram.maxMs).toBe(100_000);
  });

  it('counts negative latencies (clock noise) as 0', () => {
    const histogram = new LatencyHistogram();
    histogram.record(-1);
    expect(histogram.quantile(0.5)).toBe(0);
    expect(histogram.toData()).toEqual({ buckets: [[0, 1]], count: 1, maxMs: 0 });
  });

  it('merges another process’s histogram by adding counts', () => {
    const a = new LatencyHistogram();
    a.record(1);
    a.record(3);
    expect(a.toData()).toEqual({
      buckets: [
        [100, 1],
        [300, 1],
      ],
      count: 2,
      maxMs: 3,
    });
    const b = new LatencyHistogram();
    b.record(2);
    b.record(90);
    a.add(b.toData());
    expect(a.count).toBe(4);
    expect(a.quantile(0.5)).toBe(2.01);
    expect(a.quantile(1)).toBe(90);
    expect(a.maxMs).toBe(90);
  });

  it('has no quantile and no maximum when empty', () => {
    const histogram = new LatencyHistogram();
    expect(histogram.quantile(0.5)).toBeNull();
    expect(histogram.maxMs).toBeNull();
  });
});
