/**
 * Which address a request comes from, for per-IP limits.
 * @module
 */
import { isIP } from 'node:net';

/**
 * The client's IP: the socket's remote address, or, when `trustProxy` is set, the left-most
 * `X-Forwarded-For` entry. Only trust the header behind a proxy that sets it to the address it
 * saw: otherwise any client could pick its own address and escape its limits. An entry that is not
 * an IP address is ignored, so header text never becomes part of a Redis key.
 */
export function clientIp(
  remoteAddress: string | undefined,
  forwardedFor: string | string[] | undefined,
  trustProxy: boolean,
): string {
  if (trustProxy) {
    const header = Array.isArray(forwardedFor) ? forwardedFor.join(',') : forwardedFor;
    const first = normalizeIp(header?.split(',')[0]?.trim() ?? '');
    if (first !== null) return first;
  }
  return normalizeIp(remoteAddress ?? '') ?? 'unknown';
}

/** `address` as one spelling per IP (IPv4-mapped IPv6 as plain IPv4), or null if it is none. */
function normalizeIp(address: string): string | null {
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address)?.[1];
  if (mapped !== undefined && isIP(mapped) === 4) return mapped;
  const version = isIP(address);
  if (version === 4) return address;
  if (version === 6) return address.toLowerCase();
  return null;
}
