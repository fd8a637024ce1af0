import { describe, expect, it } from 'vitest';
import { messageIdAfter } from './chat';

describe('messageIdAfter', () => {
  it('orders stream ids by time, then sequence, as numbers', () => {
    expect(messageIdAfter('1700000000001-0', '1700000000000-9')).toBe(true);
    expect(messageIdAfter('1700000000000-10', '1700000000000-9')).toBe(true);
    expect(messageIdAfter('1700000000000-9', '1700000000000-10')).toBe(false);
    expect(messageIdAfter('1700000000000-1', '1700000000000-1')).toBe(false);
    expect(messageIdAfter('999-0', '1000-0')).toBe(false);
  });
});
