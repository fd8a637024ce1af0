import { describe, expect, it } from 'vitest';
import { fitSlope, median, nearestRank, percentiles } from './stats';

describe('nearestRank', () => {
  it('takes the ⌈q·n⌉-th smallest value', () => {
    const sorted = [10, 20, 30, 40, 50];
    expect(nearestRank(sorted, 0.2)).toBe(10); // ⌈1⌉ = 1st
    expect(nearestRank(sorted, 0.21)).toBe(20); // ⌈1.05⌉ = 2nd
    expect(nearestRank(sorted, 0.5)).toBe(30); // ⌈2.5⌉ = 3rd
    expect(nearestRank(sorted, 0.95)).toBe(50); // ⌈4.75⌉ = 5th
    expect(nearestRank(sorted, 1)).toBe(50);
  });
});

describe('percentiles', () => {
  it('sorts the samples and reads p50, p95, p99 and the maximum', () => {
    // 1…100 in reverse: the p-th percentile is p itself.
    const values = Array.from({ length: 100 }, (_, i) => 100 - i);
    expect(percentiles(values)).toEqual({ n: 100, p50: 50, p95: 95, p99: 99, max: 100 });
  });

  it('gives the one sample for every figure, and null for none', () => {
    expect(percentiles([7])).toEqual({ n: 1, p50: 7, p95: 7, p99: 7, max: 7 });
    expect(percentiles([])).toBeNull();
  });

  it('leaves the samples in their order', () => {
    const values = [3, 1, 2];
    percentiles(values);
    expect(values).toEqual([3, 1, 2]);
  });
});

describe('median', () => {
  it('is the middle value, or the mean of the two middle ones', () => {
    expect(median([5, 1, 3])).toBe(3);
    expect(median([4, 1, 3, 2])).toBe(2.5);
    expect(median([])).toBeNull();
  });
});

describe('fitSlope', () => {
  it('fits the least-squares slope of y against x', () => {
    expect(
      fitSlope([
        [0, 1],
        [1, 3],
        [2, 5],
      ]),
    ).toBe(2);
    // RSS at 1000…4000 connections: mean x 2500, mean y 67.25 MB; Σdx·dy = 58 500 MB,
    // Σdx² = 5 000 000, so 11 700 bytes per connection.
    const rss: Array<[number, number]> = [
      [1000, 50e6],
      [2000, 62e6],
      [3000, 71e6],
      [4000, 86e6],
    ];
    expect(fitSlope(rss)).toBeCloseTo(11_700, 6);
  });

  it('is 0 without two distinct x', () => {
    expect(fitSlope([[5, 9]])).toBe(0);
    expect(
      fitSlope([
        [5, 9],
        [5, 11],
      ]),
    ).toBe(0);
    expect(fitSlope([])).toBe(0);
  });
});
