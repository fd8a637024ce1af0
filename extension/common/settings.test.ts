import { beforeEach, describe, expect, it, vi } from 'vitest';

// settings.ts reads the build's relay URL, which WXT's build defines.
vi.hoisted(() => vi.stubGlobal('__RELAY_URL__', 'http://default.test'));

let browser: typeof import('wxt/browser').browser;
let settings: typeof import('./settings');

beforeEach(async () => {
  vi.resetModules();
  browser = (await import('wxt/browser')).browser;
  (browser as unknown as { reset(): void }).reset();
  settings = await import('./settings');
});

describe('a fresh install', () => {
  it('uses the relay of the build', async () => {
    expect(await settings.getRelayUrl()).toBe('http://default.test');
  });

  it('makes up a nickname once and keeps it', async () => {
    const first = await settings.getNickname();
    expect(first).toMatch(/^\S+ \S+$/);
    expect(await settings.getNickname()).toBe(first);
    expect(await browser.storage.local.get('nickname')).toEqual({ nickname: first });
  });
});

describe('what the released version stored', () => {
  it('is read as it is, under the same keys, and replaced there', async () => {
    // Stored as released versions did: plain values, no version metadata.
    await browser.storage.local.set({ relayUrl: 'https://relay.example', nickname: 'Old Name' });
    expect(await settings.getRelayUrl()).toBe('https://relay.example');
    expect(await settings.getNickname()).toBe('Old Name');
    await settings.setRelayUrl('https://other.example');
    expect(await settings.setNickname('  New Name ')).toBe('New Name');
    expect(await browser.storage.local.get(['relayUrl', 'nickname'])).toEqual({
      relayUrl: 'https://other.example',
      nickname: 'New Name',
    });
  });

  it('falls back when a value is not one this version accepts', async () => {
    await browser.storage.local.set({ relayUrl: 'ftp://relay.example', nickname: 42 });
    expect(await settings.getRelayUrl()).toBe('http://default.test');
    const made = await settings.getNickname();
    expect(made).toMatch(/^\S+ \S+$/);
    expect(await browser.storage.local.get('nickname')).toEqual({ nickname: made });
  });

  it('keeps a nickname only when it is a valid one', async () => {
    await settings.setNickname('Kept');
    expect(await settings.setNickname('   ')).toBeNull();
    expect(await settings.getNickname()).toBe('Kept');
  });
});

describe('watching the nickname', () => {
  it('hears every new valid nickname, from this context or another, until it stops', async () => {
    const heard: string[] = [];
    const stop = settings.onNicknameChanged((name) => heard.push(name));
    await settings.setNickname('From the popup');
    // Another context (an overlay) writes the same key.
    await browser.storage.local.set({ nickname: '  From a tab ' });
    await browser.storage.local.set({ nickname: 7 });
    await browser.storage.local.set({ relayUrl: 'https://relay.example' });
    await browser.storage.session.set({ nickname: 'Not this area' });
    stop();
    await settings.setNickname('After stopping');
    expect(heard).toEqual(['From the popup', 'From a tab']);
  });
});
