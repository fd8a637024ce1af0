import { beforeEach, describe, expect, it, vi } from 'vitest';

// settings.ts reads the build's relay URL, which WXT's build defines.
vi.hoisted(() => vi.stubGlobal('__RELAY_URL__', 'http://default.test'));

const A = 'https://relay-a.test';
const B = 'https://relay-b.test';
const token = (n: number) => `T${String(n).padStart(42, '0')}`;
const session = (n: number) => `S${String(n).padStart(42, '0')}`;

interface Sent {
  url: string;
  body: Record<string, unknown>;
}

/** Relays as fetch sees them: each answers with its own numbered tokens, or as told. */
function fakeRelays() {
  const sent: Sent[] = [];
  let issued = 0;
  const refuse = new Map<string, { status: number; code: string }>();
  const down = new Set<string>();
  const fetch = vi.fn((url: string, init?: RequestInit) => {
    const origin = new URL(url).origin;
    const body = JSON.parse(typeof init?.body === 'string' ? init.body : '{}') as Record<
      string,
      unknown
    >;
    sent.push({ url, body });
    if (down.has(origin)) return Promise.reject(new TypeError('Failed to fetch'));
    const refusal = refuse.get(origin);
    if (refusal)
      return Promise.resolve(
        Response.json({ error: { code: refusal.code } }, { status: refusal.status }),
      );
    issued++;
    return Promise.resolve(
      Response.json({
        token: token(issued),
        session: session(issued),
        userId: `user-of-${origin}`,
        sessionTtlSeconds: 3600,
      }),
    );
  });
  return { sent, fetch, refuse, down, tokensSentTo: (o: string) => tokensIn(sent, o) };
}

function tokensIn(sent: Sent[], origin: string): unknown[] {
  return sent.filter((s) => s.url.startsWith(origin)).map((s) => s.body.token);
}

let browser: typeof import('wxt/browser').browser;
let identityModule: typeof import('./identity');
let identity: import('./identity').Identity;
let relays: ReturnType<typeof fakeRelays>;

beforeEach(async () => {
  vi.resetModules();
  browser = (await import('wxt/browser')).browser;
  (browser as unknown as { reset(): void }).reset();
  relays = fakeRelays();
  vi.stubGlobal('fetch', relays.fetch);
  identityModule = await import('./identity');
  identity = new identityModule.Identity();
});

describe('identity per relay', () => {
  it('sends each relay only its own token, and keeps both across a switch and back', async () => {
    const first = await identity.visit(A);
    expect(first).toBe(session(1));
    await identity.visit(B);
    await identity.visit(A);
    // A was never sent B's token and B never A's.
    expect(relays.tokensSentTo(A)).toEqual([undefined, token(1)]);
    expect(relays.tokensSentTo(B)).toEqual([undefined]);
    // Each relay's session is kept apart: no new visit is needed for either.
    relays.fetch.mockClear();
    expect(await identity.currentSession(A)).toBe(session(3));
    expect(await identity.currentSession(B)).toBe(session(2));
    expect(relays.fetch).not.toHaveBeenCalled();
  });

  it('moves the token of older versions to the relay set now, once', async () => {
    await browser.storage.local.set({ identityToken: token(99), relayUrl: A });
    await browser.storage.session.set({ relaySession: { relayUrl: A, session: session(99) } });
    await identity.visit(B);
    await identity.visit(A);
    expect(relays.tokensSentTo(B)).toEqual([undefined]);
    expect(relays.tokensSentTo(A)).toEqual([token(99)]);
    expect(await browser.storage.local.get('identityToken')).toEqual({});
    expect(await browser.storage.session.get('relaySession')).toEqual({});
  });
});

describe('a refused token', () => {
  it('is kept, never silently replaced, and not sent again until the user chooses', async () => {
    await identity.visit(A);
    relays.refuse.set(A, { status: 401, code: 'token_reused' });
    await identity.visit(A).catch(() => undefined);
    await expect(identity.currentSession(A)).rejects.toBeInstanceOf(
      identityModule.IdentityRefusedError,
    );
    // Only the kept token went out: no request for a new, empty identity.
    expect(relays.tokensSentTo(A)).toEqual([undefined, token(1)]);
    const refusal = await identityModule.identityRefusal(A);
    expect(refusal?.code).toBe('token_reused');
    expect(refusal?.message).toMatch(/Someone else used this browser's identity/);
    expect(await browser.storage.local.get(`identity:${A}`)).toMatchObject({
      [`identity:${A}`]: { token: token(1) },
    });
    // Another relay is not affected.
    expect(await identity.visit(B)).toBe(session(2));
  });

  it('Start over makes a new identity and sets the refused token aside', async () => {
    await identity.visit(A);
    relays.refuse.set(A, { status: 401, code: 'token_invalid' });
    await identity.visit(A).catch(() => undefined);
    relays.refuse.delete(A);
    await identity.startOver(A);
    expect(relays.sent.at(-1)?.body).toEqual({});
    expect(await identityModule.identityRefusal(A)).toBeNull();
    const stored = (await browser.storage.local.get(`identity:${A}`))[`identity:${A}`];
    expect(stored).toEqual({ token: token(2), setAside: [token(1)] });
  });

  it('Restore identity redeems the code and sets the current token aside', async () => {
    await identity.visit(A);
    const code = `ww1-${'c'.repeat(43)}`;
    expect(await identity.restoreIdentity(A, code)).toBe(session(2));
    expect(relays.sent.at(-1)?.body).toEqual({ recovery: code });
    const stored = (await browser.storage.local.get(`identity:${A}`))[`identity:${A}`];
    expect(stored).toEqual({ token: token(2), setAside: [token(1)] });
    expect(await identity.currentSession(A)).toBe(session(2));
  });
});

describe('a transient failure', () => {
  it('keeps the token for the next try (no network, then a 503)', async () => {
    await identity.visit(A);
    await browser.storage.session.clear();
    relays.down.add(A);
    await expect(identity.visit(A)).rejects.toMatchObject({ kind: 'unreachable' });
    relays.down.delete(A);
    relays.refuse.set(A, { status: 503, code: 'unavailable' });
    await expect(identity.visit(A)).rejects.toMatchObject({ kind: 'unavailable' });
    relays.refuse.delete(A);
    await identity.visit(A);
    expect(relays.tokensSentTo(A)).toEqual([undefined, token(1), token(1), token(1)]);
    expect(await identityModule.identityRefusal(A)).toBeNull();
  });
});
