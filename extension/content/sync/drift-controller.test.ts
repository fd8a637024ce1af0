import { describe, expect, it } from 'vitest';
import {
  DEADBAND_S,
  START_MISS_S,
  DriftController,
  ENGAGE_S,
  ErrorWindow,
  MAX_NUDGE,
  correctDrift,
} from './drift-controller';

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

describe('DriftController', () => {
  function controller() {
    const clock = { now: 10_000 };
    return { clock, drift: new DriftController(() => clock.now) };
  }

  it('acts on the median of enough frames, not on one', () => {
    const { drift } = controller();
    for (const error of [0.06, 0.06, 0.06]) expect(drift.addFrameError(error)).toBe(null);
    expect(drift.addFrameError(0.5)).toBe(0.06);
    expect(drift.lastError).toBe(0.06);
    drift.clearErrors();
    expect(drift.addFrameError(0.06)).toBe(null);
  });

  it('nudges at most every 150 ms, but always goes back to the room rate at once', () => {
    const { clock, drift } = controller();
    expect(drift.correction(0.06, 1, 1)).toEqual({ kind: 'rate', rate: 0.97 });
    clock.now += 100;
    expect(drift.correction(0.1, 1, 0.97)).toBe(null);
    expect(drift.correction(0.002, 1, 0.97)).toEqual({ kind: 'rate', rate: 1 });
    clock.now += 150;
    expect(drift.correction(0.1, 1, 1)).toEqual({ kind: 'rate', rate: 0.95 });
    // Already at that rate: nothing to change.
    clock.now += 150;
    expect(drift.correction(0.1, 1, 0.95)).toBe(null);
  });

  it('keeps nudging down to the deadband once engaged, and restarts disengaged', () => {
    const { clock, drift } = controller();
    const between = (DEADBAND_S + ENGAGE_S) / 2;
    expect(drift.correction(between, 1, 1)).toBe(null);
    drift.correction(0.06, 1, 1);
    clock.now += 150;
    expect(drift.correction(between, 1, 0.97)).toEqual({ kind: 'rate', rate: 0.995 });
    drift.restart();
    expect(drift.correction(between, 1, 1)).toBe(null);
  });

  it('seeks at most every 3 s, unless the user asks to resync', () => {
    const { clock, drift } = controller();
    expect(drift.correction(-1.5, 1, 1)).toEqual({ kind: 'seek' });
    clock.now += 2999;
    expect(drift.correction(-1.5, 1, 1)).toBe(null);
    drift.resync();
    expect(drift.correction(-1.5, 1, 1)).toEqual({ kind: 'seek' });
  });

  it('seeks a start that missed by more than a frame, and nudges one that did not', () => {
    const { clock, drift } = controller();
    drift.restart();
    expect(drift.correction(START_MISS_S + 0.01, 1, 1)).toEqual({ kind: 'seek' });
    // Only the first verdict after a start: later errors of that size are nudged.
    clock.now += 3000;
    expect(drift.correction(START_MISS_S + 0.01, 1, 1)).toEqual({ kind: 'rate', rate: 0.98 });
    clock.now += 150;
    drift.restart();
    expect(drift.correction(-(START_MISS_S - 0.01), 1, 1)).toEqual({ kind: 'rate', rate: 1.01 });
    // A corrective seek a moment ago: no second one so soon, the rate closes the rest.
    clock.now += 3000;
    expect(drift.correction(-1.5, 1, 1)).toEqual({ kind: 'seek' });
    drift.restart();
    expect(drift.correction(START_MISS_S + 0.01, 1, 1)).toEqual({ kind: 'rate', rate: 0.98 });
  });

  it('knows whether frames are flowing', () => {
    const { clock, drift } = controller();
    expect(drift.framesFlowing(clock.now)).toBe(false);
    drift.frameShown();
    expect(drift.framesFlowing(clock.now + 499)).toBe(true);
    expect(drift.framesFlowing(clock.now + 500)).toBe(false);
    drift.addUnframedError(2);
    expect(drift.lastError).toBe(2);
  });
});
