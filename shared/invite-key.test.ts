import { describe, expect, it } from 'vitest';
import { INVITE_KEY_PATTERN, generateInviteKey, inviteLink, parseInviteInput } from './invite-key';

describe('generateInviteKey', () => {
  it('makes 26 base32 characters (130 bits) that do not repeat', () => {
    const keys = new Set(Array.from({ length: 1000 }, generateInviteKey));
    expect(keys.size).toBe(1000);
    for (const key of keys) expect(key).toMatch(INVITE_KEY_PATTERN);
  });

  it('uses every character of the alphabet about equally', () => {
    const counts = new Map<string, number>();
    for (let i = 0; i < 2000; i++)
      for (const c of generateInviteKey()) counts.set(c, (counts.get(c) ?? 0) + 1);
    expect(counts.size).toBe(32);
    const expected = (2000 * 26) / 32;
    for (const n of counts.values()) expect(Math.abs(n - expected) / expected).toBeLessThan(0.2);
  });
});

describe('parseInviteInput', () => {
  const key = 'abcdefghijklmnopqrstuvwxyz';

  it('takes a bare key, forgiving case, spaces and dashes', () => {
    expect(parseInviteInput(key)).toBe(key);
    expect(parseInviteInput(`  ${key.toUpperCase()} `)).toBe(key);
    expect(parseInviteInput('abcde-fghij-klmno-pqrst-uvwxyz')).toBe(key);
  });

  it('takes an invite link', () => {
    expect(parseInviteInput(inviteLink('aaaaaaaaaa1', key))).toBe(key);
  });

  it('refuses what cannot be a key', () => {
    expect(parseInviteInput('')).toBeNull();
    expect(parseInviteInput('abc')).toBeNull();
    expect(parseInviteInput(`${key}a`)).toBeNull();
    expect(parseInviteInput('https://www.youtube.com/watch?v=aaaaaaaaaa1')).toBeNull();
  });
});

describe('inviteLink', () => {
  it('keeps the key in the fragment, which never reaches a server', () => {
    const link = new URL(inviteLink('aaaaaaaaaa1', 'abcdefghijklmnopqrstuvwxyz'));
    expect(link.search).toBe('?v=aaaaaaaaaa1');
    expect(link.hash).toBe('#wewatch=abcdefghijklmnopqrstuvwxyz');
  });
});
