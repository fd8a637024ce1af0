import { describe, expect, it } from 'vitest';
import { contentOffset } from './content-offset';

describe('contentOffset', () => {
  it('is zero when the element and the player API agree (up to read timing)', () => {
    expect(contentOffset(42.1, 42.0)).toBe(0);
  });

  it('is the shift a stitched ad put into the media timeline', () => {
    expect(contentOffset(75.5, 45.5)).toBe(30);
  });

  it('is never negative: that is a page restoring its place after a client-side ad', () => {
    expect(contentOffset(0, 45)).toBe(0);
  });

  it('ignores garbage from a half-loaded player', () => {
    expect(contentOffset(10, Number.NaN)).toBe(0);
  });
});
