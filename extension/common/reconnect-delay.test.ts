import { describe, expect, it } from 'vitest';
import { reconnectDelay } from './reconnect-delay';

describe('reconnectDelay', () => {
  it('doubles per attempt and stays between half and all of the ceiling', () => {
    expect(reconnectDelay(0, 0)).toBe(250);
    expect(reconnectDelay(0, 0.999)).toBeCloseTo(500, -1);
    expect(reconnectDelay(3, 0)).toBe(2000);
  });

  it('never exceeds the cap however many attempts', () => {
    expect(reconnectDelay(50, 0.999)).toBeLessThanOrEqual(10_000);
    expect(reconnectDelay(50, 0)).toBe(5000);
  });
});
