import { describe, expect, it } from 'vitest';
import { clientIp, DEFAULT_TRUSTED_PROXIES, parseAddressRange, trustedProxies } from './client-ip';

const trust = trustedProxies(DEFAULT_TRUSTED_PROXIES);

describe('clientIp', () => {
  it('is the socket address unless the proxy is trusted', () => {
    expect(clientIp('10.0.0.7', '203.0.113.9', null)).toBe('10.0.0.7');
    expect(clientIp('10.0.0.7', '203.0.113.9, 10.0.0.1', trust)).toBe('203.0.113.9');
    expect(clientIp('10.0.0.7', ['203.0.113.9', '10.0.0.1'], trust)).toBe('203.0.113.9');
  });

  it('takes the right-most hop that is not a trusted proxy, never what the client wrote', () => {
    // The client wrote 198.51.100.1 itself; the proxy appended the address it saw.
    expect(clientIp('127.0.0.1', '198.51.100.1, 203.0.113.9', trust)).toBe('203.0.113.9');
    expect(clientIp('127.0.0.1', ['198.51.100.1', '203.0.113.9, 192.168.1.2'], trust)).toBe(
      '203.0.113.9',
    );
    // A socket that is not a trusted proxy is the client, whatever it claims.
    expect(clientIp('203.0.113.9', '198.51.100.1', trust)).toBe('203.0.113.9');
    // Every hop trusted: the left-most is the client (a user on the proxy's own network).
    expect(clientIp('127.0.0.1', '10.1.2.3, 10.0.0.1', trust)).toBe('10.1.2.3');
  });

  it('trusts only the proxies it is given', () => {
    const cloud = trustedProxies(['198.51.100.0/24']);
    expect(clientIp('198.51.100.7', '203.0.113.9', cloud)).toBe('203.0.113.9');
    expect(clientIp('127.0.0.1', '203.0.113.9', cloud)).toBe('127.0.0.1');
    expect(clientIp('198.51.100.7', '203.0.113.9, 10.0.0.1', cloud)).toBe('10.0.0.1');
  });

  it('falls back to the last trusted hop when the header is missing or not an IP', () => {
    expect(clientIp('10.0.0.7', undefined, trust)).toBe('10.0.0.7');
    expect(clientIp('10.0.0.7', 'ww:evil*key', trust)).toBe('10.0.0.7');
    expect(clientIp('10.0.0.7', '', trust)).toBe('10.0.0.7');
    expect(clientIp('10.0.0.7', '203.0.113.9, junk', trust)).toBe('10.0.0.7');
  });

  it('counts an IPv6 client by its /64, whichever of its addresses it uses', () => {
    expect(clientIp('2001:DB8:1:2::1', undefined, null)).toBe('2001:db8:1:2::/64');
    expect(clientIp('2001:db8:1:2:ffff:eeee:dddd:cccc', undefined, null)).toBe('2001:db8:1:2::/64');
    expect(clientIp('2001:db8:1:3::1', undefined, null)).toBe('2001:db8:1:3::/64');
    expect(clientIp('2001:db8::', undefined, null)).toBe('2001:db8:0:0::/64');
    expect(clientIp('::1', undefined, null)).toBe('0:0:0:0::/64');
    expect(clientIp('fe80::1%eth0', undefined, null)).toBe('fe80:0:0:0::/64');
    expect(clientIp('127.0.0.1', '2001:db8:1:2:abcd::9', trust)).toBe('2001:db8:1:2::/64');
  });

  it('spells each address one way', () => {
    expect(clientIp('::ffff:127.0.0.1', undefined, null)).toBe('127.0.0.1');
    expect(clientIp('::FFFF:7f00:1', undefined, null)).toBe('127.0.0.1');
    expect(clientIp('64:ff9b::203.0.113.9', undefined, null)).toBe('203.0.113.9');
    expect(clientIp(undefined, undefined, null)).toBe('unknown');
    // A proxy on loopback reached over IPv6 is still trusted.
    expect(clientIp('::1', '203.0.113.9', trust)).toBe('203.0.113.9');
    expect(clientIp('::ffff:10.0.0.1', '203.0.113.9', trust)).toBe('203.0.113.9');
  });
});

describe('parseAddressRange', () => {
  it('reads addresses and ranges, and nothing else', () => {
    expect(parseAddressRange('10.0.0.0/8')).toEqual({
      address: '10.0.0.0',
      prefix: 8,
      family: 'ipv4',
    });
    expect(parseAddressRange('2001:db8::1')).toEqual({
      address: '2001:db8::1',
      prefix: 128,
      family: 'ipv6',
    });
    for (const bad of ['10.0.0.0/33', '10.0.0.0/', '10.0.0.0/8/1', 'proxy.local', '::1/129', ''])
      expect(parseAddressRange(bad), bad).toBeNull();
  });
});
