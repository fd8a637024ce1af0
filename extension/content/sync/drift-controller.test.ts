import { describe, expect, it } from 'vitest';
import { DEADBAND_S, ENGAGE_S, ErrorWindow, MAX_NUDGE, correctDrift } from './drift-controller';

describe('correctDrift', () => {
  it('does nothing inside the deadband', () => {
    expect(correctDrift(0.005, 1, true)).toEqual({ kind: 'rate', rate: 1, correcting: false });
  });

  it('waits for the engage threshold before it starts, then keeps going down to the deadband', () => {
    const between = (DEADBAND_S + ENGAGE_S) / 2;
    expect(correctDrift(between, 1, false)).toMatchObject({ rate: 1, correcting: false });
    expect(correctDrift(between, 1, true)).toMatchObject({ correcting: true });
  });

  it('slows down when ahead and speeds up when behind, proportionally', () => {
    const ahead = correctDrift(0.04, 1, true);
    const behind = correctDrift(-0.04, 1, true);
    expect(ahead.kind === 'rate' && ahead.rate).toBeCloseTo(0.98, 5);
    expect(behind.kind === 'rate' && behind.rate).toBeCloseTo(1.02, 5);
  });

  it('nudges in whole steps, so frame jitter does not change the rate every frame', () => {
    const a = correctDrift(0.031, 1, true);
    const b = correctDrift(0.033, 1, true);
    expect(a).toEqual(b);
    expect(a.kind === 'rate' && a.rate).toBeCloseTo(0.985, 5);
  });

  it('never nudges beyond 5 % of the room rate', () => {
    const far = correctDrift(0.8, 2, true);
    expect(far.kind === 'rate' && far.rate).toBeCloseTo(2 * (1 - MAX_NUDGE), 5);
  });

  it('seeks when more than a second off', () => {
    expect(correctDrift(-1.5, 1, false)).toEqual({ kind: 'seek' });
  });
});

describe('ErrorWindow', () => {
  it('reports the median once half full, ignoring one outlier', () => {
    const w = new ErrorWindow(5);
    w.add(0.01);
    w.add(0.012);
    expect(w.median).toBeNull();
    w.add(0.5);
    expect(w.median).toBe(0.012);
    w.clear();
    expect(w.median).toBeNull();
  });
});
