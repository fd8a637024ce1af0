import { describe, expect, it } from 'vitest';
import { normaliseRelayUrl, relaySocketUrl } from './relay-url';

describe('normaliseRelayUrl', () => {
  it('accepts http and https origins, trimming trailing slashes', () => {
    expect(normaliseRelayUrl(' http://localhost:8787/ ')).toBe('http://localhost:8787');
    expect(normaliseRelayUrl('https://watch.example.org/relay/')).toBe(
      'https://watch.example.org/relay',
    );
  });

  it('refuses other schemes, credentials, queries and junk', () => {
    expect(normaliseRelayUrl('ftp://example.org')).toBeNull();
    expect(normaliseRelayUrl('http://user:pw@example.org')).toBeNull();
    expect(normaliseRelayUrl('http://example.org/?a=1')).toBeNull();
    expect(normaliseRelayUrl('not a url')).toBeNull();
  });
});

describe('relaySocketUrl', () => {
  it('maps http to ws and https to wss', () => {
    expect(relaySocketUrl('http://localhost:8787')).toBe('ws://localhost:8787/ws');
    expect(relaySocketUrl('https://watch.example.org/relay')).toBe(
      'wss://watch.example.org/relay/ws',
    );
  });
});
