import { describe, expect, it } from 'vitest';
import { TokenBucket } from './token-bucket';

describe('TokenBucket', () => {
  it('allows a full burst, then refuses', () => {
    const bucket = new TokenBucket(20, 40, 0);
    for (let i = 0; i < 40; i++) expect(bucket.take(0)).toBe(true);
    expect(bucket.take(0)).toBe(false);
  });

  it('refills at the configured rate', () => {
    const bucket = new TokenBucket(20, 40, 0);
    for (let i = 0; i < 40; i++) bucket.take(0);
    expect(bucket.take(49)).toBe(false);
    expect(bucket.take(100)).toBe(true);
  });

  it('never holds more than the burst', () => {
    const bucket = new TokenBucket(20, 5, 0);
    let granted = 0;
    while (bucket.take(60_000)) granted++;
    expect(granted).toBe(5);
  });

  it('ignores a clock that steps backwards', () => {
    const bucket = new TokenBucket(20, 1, 1000);
    expect(bucket.take(1000)).toBe(true);
    expect(bucket.take(0)).toBe(false);
  });
});
