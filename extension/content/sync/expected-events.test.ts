import { describe, expect, it } from 'vitest';
import { ExpectedEvents } from './expected-events';

describe('ExpectedEvents', () => {
  it('consumes one token per caused event', () => {
    const e = new ExpectedEvents();
    e.expect('pause', 0);
    e.expect('seeked', 0);
    expect(e.consume('pause', 10)).toBe(true);
    expect(e.consume('pause', 20)).toBe(false);
    expect(e.consume('seeked', 30)).toBe(true);
  });

  it('lets stale tokens lapse so a later user action is not swallowed', () => {
    const e = new ExpectedEvents();
    e.expect('play', 0);
    expect(e.consume('play', 5000)).toBe(false);
  });
});
