/**
 * Which address a request comes from, for per-IP limits.
 * @module
 */
import { BlockList, isIP } from 'node:net';

/** Whether an address (as `clientIp` spells it before bucketing) is a proxy the relay trusts. */
export type ProxyTrust = (address: string) => boolean;

/** Loopback, private and link-local ranges: where a reverse proxy in front of the relay sits. */
export const DEFAULT_TRUSTED_PROXIES: readonly string[] = [
  '127.0.0.0/8',
  '10.0.0.0/8',
  '172.16.0.0/12',
  '192.168.0.0/16',
  '169.254.0.0/16',
  '::1/128',
  'fc00::/7',
  'fe80::/10',
];

/** An address or `address/prefix` range, or null if `entry` is neither. */
export function parseAddressRange(
  entry: string,
): { address: string; prefix: number; family: 'ipv4' | 'ipv6' } | null {
  const [address = '', prefixText, extra] = entry.trim().split('/');
  const version = isIP(address);
  if (version === 0 || extra !== undefined) return null;
  const bits = version === 4 ? 32 : 128;
  if (prefixText !== undefined && !/^\d{1,3}$/.test(prefixText)) return null;
  const prefix = prefixText === undefined ? bits : Number(prefixText);
  if (prefix > bits) return null;
  return { address, prefix, family: version === 4 ? 'ipv4' : 'ipv6' };
}

/** The trust of `entries` (addresses and ranges, already checked with `parseAddressRange`). */
export function trustedProxies(entries: readonly string[]): ProxyTrust {
  const list = new BlockList();
  for (const entry of entries) {
    const range = parseAddressRange(entry);
    if (range) list.addSubnet(range.address, range.prefix, range.family);
  }
  return (address) => list.check(address, isIP(address) === 4 ? 'ipv4' : 'ipv6');
}

/**
 * The client's address for per-IP limits: IPv4 as it is, IPv6 as its /64 (one subscriber's
 * network: everyone gets at least one /64, so counting single IPv6 addresses would let one
 * client pick from 2^64 of them to escape every limit).
 *
 * Without `trust` it is the socket's remote address. With it, `X-Forwarded-For` is read from the
 * right, starting from the socket's address: each hop that is a trusted proxy hands over to the
 * one it names, and the first untrusted hop is the client. Entries further left were written by
 * the client itself and are never believed, so a proxy that appends to the header is as safe as
 * one that overwrites it. An entry that is not an IP address stops the walk, so header text never
 * becomes part of a Redis key.
 */
export function clientIp(
  remoteAddress: string | undefined,
  forwardedFor: string | string[] | undefined,
  trust: ProxyTrust | null,
): string {
  let client = normalizeIp(remoteAddress ?? '');
  if (client === null) return 'unknown';
  if (trust) {
    const header = Array.isArray(forwardedFor) ? forwardedFor.join(',') : (forwardedFor ?? '');
    const hops = header.split(',').reverse();
    for (const hop of hops) {
      if (!trust(client)) break;
      const address = normalizeIp(hop.trim());
      if (address === null) break;
      client = address;
    }
  }
  return bucket(client);
}

/**
 * `address` as one spelling per IP (IPv4-mapped and NAT64 IPv6 as plain IPv4, IPv6 in lower case
 * without a zone), or null if it is none.
 */
function normalizeIp(address: string): string | null {
  const version = isIP(address);
  if (version === 4) return address;
  if (version !== 6) return null;
  const groups = ipv6Groups(address.replace(/%.*$/, '').toLowerCase());
  // ::ffff:a.b.c.d (IPv4-mapped) and 64:ff9b::a.b.c.d (NAT64) carry an IPv4 client.
  const mapped = groups.slice(0, 6).join(':');
  if (mapped === '0:0:0:0:0:65535' || mapped === '100:65435:0:0:0:0') {
    const [high = 0, low = 0] = groups.slice(6);
    return [high >> 8, high & 255, low >> 8, low & 255].join('.');
  }
  return groups.map((group) => group.toString(16)).join(':');
}

/** The eight 16-bit groups of a valid IPv6 address. */
function ipv6Groups(address: string): number[] {
  let text = address;
  const v4 = /(\d+)\.(\d+)\.(\d+)\.(\d+)$/.exec(text);
  if (v4) {
    const [a, b, c, d] = v4.slice(1).map(Number) as [number, number, number, number];
    text = `${text.slice(0, v4.index)}${((a << 8) | b).toString(16)}:${((c << 8) | d).toString(16)}`;
  }
  const [head = '', tail] = text.split('::');
  const parse = (part: string) => (part === '' ? [] : part.split(':').map((g) => parseInt(g, 16)));
  const left = parse(head);
  const right = tail === undefined ? [] : parse(tail);
  return [...left, ...Array<number>(8 - left.length - right.length).fill(0), ...right];
}

/** The unit a limit counts: an IPv4 address, or an IPv6 address's /64 network. */
function bucket(address: string): string {
  if (isIP(address) !== 6) return address;
  return `${address.split(':').slice(0, 4).join(':')}::/64`;
}
