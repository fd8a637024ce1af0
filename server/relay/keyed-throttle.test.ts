import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { KeyedThrottle } from './keyed-throttle';

beforeEach(() => {
  vi.useFakeTimers();
});
afterEach(() => {
  vi.useRealTimers();
});

describe('KeyedThrottle', () => {
  it('runs the first request at once and folds the rest of the gap into one run', () => {
    const runs: string[] = [];
    const throttle = new KeyedThrottle<string>(250, (key) => runs.push(key));
    throttle.request('a');
    throttle.request('b');
    expect(runs).toEqual(['a', 'b']);
    for (let i = 0; i < 50; i++) throttle.request('a');
    expect(runs).toEqual(['a', 'b']);
    vi.advanceTimersByTime(250);
    expect(runs).toEqual(['a', 'b', 'a']);
    // That run started a gap of its own; nothing was asked during it.
    vi.advanceTimersByTime(1000);
    expect(runs).toEqual(['a', 'b', 'a']);
    throttle.request('a');
    expect(runs).toEqual(['a', 'b', 'a', 'a']);
  });

  it('runs nothing after stop', () => {
    const runs: string[] = [];
    const throttle = new KeyedThrottle<string>(250, (key) => runs.push(key));
    throttle.request('a');
    throttle.request('a');
    throttle.stop();
    vi.advanceTimersByTime(1000);
    throttle.request('a');
    expect(runs).toEqual(['a']);
  });
});
