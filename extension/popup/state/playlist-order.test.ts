import { describe, expect, it } from 'vitest';
import { moveItem } from './playlist-order';

describe('moveItem', () => {
  const items = [10, 20, 30, 40];

  it('moves one step up or down', () => {
    expect(moveItem(items, 2, 1)).toEqual([10, 30, 20, 40]);
    expect(moveItem(items, 0, 1)).toEqual([20, 10, 30, 40]);
  });

  it('moves anywhere, as a drop does', () => {
    expect(moveItem(items, 0, 3)).toEqual([20, 30, 40, 10]);
    expect(moveItem(items, 3, 0)).toEqual([40, 10, 20, 30]);
  });

  it('returns the same array when nothing moves', () => {
    expect(moveItem(items, 0, -1)).toBe(items);
    expect(moveItem(items, 3, 4)).toBe(items);
    expect(moveItem(items, 5, 0)).toBe(items);
  });

  it('leaves the input alone and keeps every item once', () => {
    const moved = moveItem(items, 1, 3);
    expect(items).toEqual([10, 20, 30, 40]);
    expect([...moved].sort()).toEqual([...items].sort());
  });
});
