import { describe, expect, it } from 'vitest';
import { clientIp } from './client-ip';

describe('clientIp', () => {
  it('is the socket address unless the proxy is trusted', () => {
    expect(clientIp('10.0.0.7', '203.0.113.9', false)).toBe('10.0.0.7');
    expect(clientIp('10.0.0.7', '203.0.113.9, 10.0.0.1', true)).toBe('203.0.113.9');
    expect(clientIp('10.0.0.7', ['203.0.113.9', '10.0.0.1'], true)).toBe('203.0.113.9');
  });

  it('falls back to the socket address when the header is missing or not an IP', () => {
    expect(clientIp('10.0.0.7', undefined, true)).toBe('10.0.0.7');
    expect(clientIp('10.0.0.7', 'ww:evil*key', true)).toBe('10.0.0.7');
    expect(clientIp('10.0.0.7', '', true)).toBe('10.0.0.7');
  });

  it('spells each address one way', () => {
    expect(clientIp('::ffff:127.0.0.1', undefined, false)).toBe('127.0.0.1');
    expect(clientIp('2001:DB8::1', undefined, false)).toBe('2001:db8::1');
    expect(clientIp(undefined, undefined, false)).toBe('unknown');
  });
});
