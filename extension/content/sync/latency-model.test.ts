import { describe, expect, it } from 'vitest';
import { LatencyModel } from './latency-model';

describe('LatencyModel', () => {
  it('learns how long a seek takes to land, smoothed and bounded', () => {
    const latency = new LatencyModel();
    expect(latency.seekS).toBe(0.15);
    latency.seekStarted(40, 1000);
    latency.seekLanded(40.02, 1350);
    expect(latency.seekS).toBeCloseTo(0.7 * 0.15 + 0.3 * 0.35, 6);
    latency.seekStarted(50, 2000);
    latency.seekLanded(50, 60_000);
    expect(latency.seekS).toBe(1.5);
  });

  it('learns nothing from a seek that landed elsewhere (the user seeking) or twice', () => {
    const latency = new LatencyModel();
    latency.seekStarted(40, 1000);
    latency.seekLanded(12, 1100);
    expect(latency.seekS).toBe(0.15);
    latency.seekLanded(40, 1200);
    latency.seekLanded(40, 5000);
    expect(latency.seekS).toBeCloseTo(0.7 * 0.15 + 0.3 * 0.2, 6);
  });

  it('learns the play latency from when the media clock started, not when a frame showed', () => {
    const latency = new LatencyModel();
    latency.playCalled(1000, 30);
    // Still on the start frame: nothing to learn yet.
    latency.frameShown(30, 1050, 1);
    expect(latency.playMs).toBe(30);
    // Shown 100 ms after play(), 40 ms into the video at 1×: the clock started after 60 ms.
    latency.frameShown(30.04, 1100, 1);
    expect(latency.playMs).toBeCloseTo(0.7 * 30 + 0.3 * 60, 6);
    // Once per play() call.
    latency.frameShown(30.2, 1400, 1);
    expect(latency.playMs).toBeCloseTo(39, 6);
  });

  it('ignores a play latency that cannot be one', () => {
    const latency = new LatencyModel();
    latency.playCalled(1000, 30);
    latency.frameShown(31, 3000, 1);
    expect(latency.playMs).toBe(30);
  });
});
