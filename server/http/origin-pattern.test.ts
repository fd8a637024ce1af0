import { describe, expect, it } from 'vitest';
import { loadConfig } from '../config';
import { originMatcher } from './origin-pattern';

describe('originMatcher', () => {
  const allowed = originMatcher([
    'chrome-extension://*',
    'moz-extension://*',
    'http://localhost:*',
  ]);

  it('accepts any extension id of the listed schemes', () => {
    expect(allowed('chrome-extension://abcdefghijklmnopabcdefghijklmnop')).toBe(true);
    expect(allowed('moz-extension://0b3c1f3e-8a5e-4f0e-9d7f-3c2b1a0e9f8d')).toBe(true);
    expect(allowed('http://localhost:5173')).toBe(true);
  });

  it('refuses other sites, empty wildcards and paths smuggled into the wildcard', () => {
    expect(allowed('https://evil.example')).toBe(false);
    expect(allowed('chrome-extension://')).toBe(false);
    expect(allowed('chrome-extension://abc/evil')).toBe(false);
    expect(allowed('http://localhost.evil.example')).toBe(false);
    expect(allowed('null')).toBe(false);
  });

  it('treats regex characters in a pattern literally', () => {
    const exact = originMatcher(['https://app.example.com']);
    expect(exact('https://app.example.com')).toBe(true);
    expect(exact('https://appXexample.com')).toBe(false);
  });

  it("lets both browsers' builds in by default: Chrome's id and Firefox's per-install UUID", () => {
    const byDefault = originMatcher(loadConfig({}).allowedOrigins);
    // Firefox gives every installation its own UUID: the relay cannot list them, only the scheme.
    expect(byDefault('moz-extension://6e58b787-87dc-4f6d-8a28-5732b0b42ca3')).toBe(true);
    expect(byDefault('chrome-extension://abcdefghijklmnopabcdefghijklmnop')).toBe(true);
    expect(byDefault('moz-extension://')).toBe(false);
    expect(byDefault('https://www.youtube.com')).toBe(false);
  });
});
