import { describe, expect, it } from 'vitest';
import { PageSettle, SETTLE_MS } from './page-settle';

describe('PageSettle', () => {
  it('a player attached before it can play is loading until canplay, then settles', () => {
    const settle = new PageSettle();
    settle.attached(1);
    expect(settle.pageDriving(0)).toBe(true);
    expect(settle.canPlay(100)).toBe(true);
    expect(settle.loading).toBe(false);
    expect(settle.pageDriving(100 + SETTLE_MS - 1)).toBe(true);
    expect(settle.pageDriving(100 + SETTLE_MS)).toBe(false);
  });

  it("a seek's canplay ends no load and starts no settling", () => {
    const settle = new PageSettle();
    settle.attached(4);
    expect(settle.pageDriving(0)).toBe(false);
    expect(settle.canPlay(50)).toBe(false);
    expect(settle.pageDriving(51)).toBe(false);
  });

  it('a load or an ad ending gives the page a moment', () => {
    const settle = new PageSettle();
    settle.attached(4);
    settle.loadStarted(1000);
    expect(settle.loading).toBe(true);
    expect(settle.canPlay(3000)).toBe(true);
    expect(settle.pageDriving(3000 + SETTLE_MS - 1)).toBe(true);
    settle.adEnded(9000);
    expect(settle.pageDriving(9000 + SETTLE_MS - 1)).toBe(true);
    expect(settle.pageDriving(9000 + SETTLE_MS)).toBe(false);
  });
});
