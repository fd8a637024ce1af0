/**
 * Relay addresses as users type them, and the endpoints derived from them.
 * @module
 */

/**
 * Normalises what a user typed as a relay address: http(s) only, no query, fragment or
 * credentials. Returns null when it is not one.
 */
export function normaliseRelayUrl(input: string): string | null {
  let url: URL;
  try {
    url = new URL(input.trim());
  } catch {
    return null;
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return null;
  if (url.username || url.password || url.search || url.hash) return null;
  return url.origin + url.pathname.replace(/\/+$/, '');
}

/** The relay's WebSocket endpoint for an http(s) relay URL. */
export function relaySocketUrl(relayUrl: string): string {
  return relayUrl.replace(/^http/, 'ws') + '/ws';
}
