/**
 * One identity per relay: the extension's identity logic (with WXT's fake browser storage) against
 * a real relay and a fake second relay that records everything it is sent. A mistyped or hostile
 * relay URL must never receive the real relay's token (it could replay it there), and its own
 * token must never reach the real relay (session fixation).
 * @module
 */
import * as v from 'valibot';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { LibrarySchema } from '../../shared/protocol';
import { api } from '../support/api';
import { testScope } from '../integration/harness';
import { startForeignRelay, startRecordingProxy } from './support/recording-relay';

vi.hoisted(() => vi.stubGlobal('__RELAY_URL__', 'http://127.0.0.1:9'));
// The security project has no WXT plugin: the browser APIs are WXT's fake, as in unit tests.
vi.mock('wxt/browser', async () => ({
  browser: (await import('wxt/testing/fake-browser')).fakeBrowser,
}));

const scope = testScope();
let browser: typeof import('wxt/browser').browser;

beforeEach(async () => {
  browser = (await import('wxt/browser')).browser;
  (browser as unknown as { reset(): void }).reset();
});
afterEach(() => vi.resetModules());

/** Every 43-character secret in request bodies. */
function secretsIn(bodies: string[]): string[] {
  return bodies.flatMap((body) => body.match(/[A-Za-z0-9_-]{43}/g) ?? []);
}

/** The identity tokens a relay handed out. */
function tokensIn(answers: string[]): string[] {
  return answers.flatMap((answer) => {
    const token = (JSON.parse(answer) as { token?: unknown }).token;
    return typeof token === 'string' ? [token] : [];
  });
}

describe('one identity per relay', () => {
  it("switching to another relay and back never sends either one the other's token", async () => {
    const relay = await scope.relayWith();
    const real = await startRecordingProxy(relay.url);
    const foreign = await startForeignRelay();
    scope.cleanups.push(
      () => real.close(),
      () => foreign.close(),
    );
    const { setRelayUrl } = await import('../../extension/common/settings');
    const identity = new (await import('../../extension/background/identity')).Identity();

    await setRelayUrl(real.url);
    const first = await identity.visit(real.url);
    await api(relay, '/api/videos', {
      body: { youtubeId: 'dQw4w9WgXcQ', title: 'Mine' },
      session: first,
    });

    await setRelayUrl(foreign.url);
    await identity.visit(foreign.url);
    await identity.visit(foreign.url);

    await setRelayUrl(real.url);
    const back = await identity.visit(real.url);

    const realTokens = tokensIn(real.answers);
    const foreignTokens = tokensIn(foreign.answers);
    expect(realTokens).toHaveLength(2);
    expect(foreignTokens).toHaveLength(2);
    for (const token of realTokens) expect(secretsIn(foreign.bodies)).not.toContain(token);
    for (const token of foreignTokens) expect(secretsIn(real.bodies)).not.toContain(token);
    // Back on the real relay: the same identity, and its library.
    const library = await api(relay, '/api/library', { session: back });
    expect(v.parse(LibrarySchema, library.json).videos.map((video) => video.title)).toEqual([
      'Mine',
    ]);
  });
});
