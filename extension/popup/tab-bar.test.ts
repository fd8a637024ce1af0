import { describe, expect, it } from 'vitest';
import { POPUP_TABS, tabAfterKey } from './tab-bar';

describe('moving between the popup tabs by keyboard', () => {
  it('goes right and left around the ends, and Home and End to the first and last', () => {
    const count = POPUP_TABS.length;
    expect(tabAfterKey('ArrowRight', 0, count)).toBe(1);
    expect(tabAfterKey('ArrowRight', count - 1, count)).toBe(0);
    expect(tabAfterKey('ArrowLeft', 0, count)).toBe(count - 1);
    expect(tabAfterKey('ArrowLeft', 2, count)).toBe(1);
    expect(tabAfterKey('Home', 2, count)).toBe(0);
    expect(tabAfterKey('End', 0, count)).toBe(count - 1);
  });

  it('leaves other keys to the browser', () => {
    expect(tabAfterKey('Tab', 1, POPUP_TABS.length)).toBeNull();
    expect(tabAfterKey('Enter', 1, POPUP_TABS.length)).toBeNull();
  });
});
