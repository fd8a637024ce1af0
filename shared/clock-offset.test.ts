import { describe, expect, it } from 'vitest';
import { ClockOffsetEstimator, estimateClockOffset } from './clock-offset';

describe('estimateClockOffset', () => {
  it('recovers a known offset over a symmetric path', () => {
    // Relay is 500 ms ahead; 20 ms each way; 1 ms processing.
    const e = estimateClockOffset({ t0: 1000, t1: 1520, t2: 1521, t3: 1041 });
    expect(e.offset).toBe(500);
    expect(e.delay).toBe(40);
  });

  it('is off by half the asymmetry on an asymmetric path', () => {
    const e = estimateClockOffset({ t0: 0, t1: 530, t2: 530, t3: 40 });
    expect(e.offset).toBe(510);
  });
});

describe('ClockOffsetEstimator', () => {
  it('trusts the least-delayed sample of the window', () => {
    const est = new ClockOffsetEstimator(4);
    est.add({ t0: 0, t1: 160, t2: 160, t3: 120 }); // delay 120, skewed
    est.add({ t0: 0, t1: 110, t2: 110, t3: 20 }); // delay 20, offset 100
    est.add({ t0: 0, t1: 150, t2: 150, t3: 90 }); // delay 90
    expect(est.best).toEqual({ offset: 100, delay: 20 });
  });

  it('forgets samples that fall out of the window', () => {
    const est = new ClockOffsetEstimator(2);
    est.add({ t0: 0, t1: 105, t2: 105, t3: 10 });
    est.add({ t0: 0, t1: 250, t2: 250, t3: 100 });
    est.add({ t0: 0, t1: 260, t2: 260, t3: 120 });
    expect(est.best?.delay).toBe(100);
    expect(est.sampleCount).toBe(2);
  });

  it('ignores samples with a negative delay', () => {
    const est = new ClockOffsetEstimator();
    est.add({ t0: 100, t1: 0, t2: 500, t3: 101 });
    expect(est.best).toBeNull();
  });
});
