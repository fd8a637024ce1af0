import { beforeEach, describe, expect, it, vi } from 'vitest';

// settings.ts reads the build's relay URL, which WXT's build defines.
vi.hoisted(() => vi.stubGlobal('__RELAY_URL__', 'http://default.test'));

const A = 'https://relay-a.test';
const B = 'https://relay-b.test';
const token = (n: number) => `T${String(n).padStart(42, '0')}`;
const session = (n: number) => `S${String(n).padStart(42, '0')}`;

let browser: typeof import('wxt/browser').browser;
let store: typeof import('./identity-storage');

beforeEach(async () => {
  vi.resetModules();
  browser = (await import('wxt/browser')).browser;
  (browser as unknown as { reset(): void }).reset();
  store = await import('./identity-storage');
});

describe('a fresh install', () => {
  it('has no identity and no session on any relay', async () => {
    expect(await store.readIdentity(A)).toEqual({});
    expect(await store.readSession(A)).toBeNull();
  });
});

describe('identities of two relays', () => {
  it('stay apart, and so do their sessions', async () => {
    await store.writeIdentity(A, { token: token(1) });
    await store.writeIdentity(B, { token: token(2), setAside: [token(3)] });
    const later = Date.now() + 60_000;
    await store.writeSession(A, { session: session(1), expiresAt: later });
    await store.writeSession(B, { session: session(2), expiresAt: later });
    await store.forgetSession(A);
    expect(await store.readIdentity(A)).toEqual({ token: token(1) });
    expect(await store.readIdentity(B)).toEqual({ token: token(2), setAside: [token(3)] });
    expect(await store.readSession(A)).toBeNull();
    expect(await store.readSession(B)).toBe(session(2));
    expect(await browser.storage.local.get([`identity:${A}`, `identity:${B}`])).toEqual({
      [`identity:${A}`]: { token: token(1) },
      [`identity:${B}`]: { token: token(2), setAside: [token(3)] },
    });
  });

  it('a session that ran out is not given back', async () => {
    await store.writeSession(A, { session: session(1), expiresAt: Date.now() - 1 });
    expect(await store.readSession(A)).toBeNull();
  });
});

describe('what earlier versions stored', () => {
  it('a record of the released version is read as it is and replaced under its key', async () => {
    const refused = { code: 'token_reused', message: 'Locked.' };
    await browser.storage.local.set({ [`identity:${A}`]: { token: token(1), refused } });
    await browser.storage.session.set({
      [`session:${A}`]: { session: session(1), expiresAt: Date.now() + 60_000 },
    });
    expect(await store.readIdentity(A)).toEqual({ token: token(1), refused });
    expect(await store.readSession(A)).toBe(session(1));
    await store.writeIdentity(A, { token: token(2), setAside: [token(1)] });
    expect(await browser.storage.local.get(`identity:${A}`)).toEqual({
      [`identity:${A}`]: { token: token(2), setAside: [token(1)] },
    });
  });

  it('the single token of older versions moves to the relay set now, and is kept', async () => {
    await browser.storage.local.set({ identityToken: token(9), relayUrl: B });
    await browser.storage.session.set({ relaySession: { relayUrl: B, session: session(9) } });
    expect(await store.readIdentity(A)).toEqual({});
    expect(await store.readIdentity(B)).toEqual({ token: token(9) });
    expect(await browser.storage.local.get('identityToken')).toEqual({});
    expect(await browser.storage.session.get('relaySession')).toEqual({});
  });

  it('the single token never replaces an identity the relay set now already has', async () => {
    await browser.storage.local.set({ identityToken: token(9), [`identity:${A}`]: {} });
    await browser.storage.local.set({ relayUrl: A });
    expect(await store.readIdentity(A)).toEqual({});
    expect(await browser.storage.local.get('identityToken')).toEqual({});
  });

  it('a record this version cannot read counts as no identity', async () => {
    await browser.storage.local.set({ [`identity:${A}`]: { token: 'short' } });
    expect(await store.readIdentity(A)).toEqual({});
  });
});

describe('setting a token aside', () => {
  it('adds the current token once, keeps the newest ten, and never the one kept', () => {
    const many = Array.from({ length: 10 }, (_, n) => token(n));
    expect(store.settingAside({ token: token(10), setAside: many })).toEqual([
      ...many.slice(1),
      token(10),
    ]);
    expect(store.settingAside({ token: token(1), setAside: [token(1)] })).toEqual([token(1)]);
    expect(store.settingAside({ token: token(1) }, token(1))).toEqual([]);
    expect(store.settingAside({})).toEqual([]);
  });
});
