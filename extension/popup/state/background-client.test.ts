import { beforeEach, describe, expect, it, vi } from 'vitest';
import { browser } from 'wxt/browser';
import { callBackground } from './background-client';

// The popup's messages reach settings.ts, which reads the build's relay URL.
vi.hoisted(() => vi.stubGlobal('__RELAY_URL__', 'http://default.test'));

beforeEach(() => {
  (browser as unknown as { reset(): void }).reset();
});

const answer = (value: unknown) =>
  // eslint-disable-next-line @typescript-eslint/no-misused-promises
  browser.runtime.onMessage.addListener(() => Promise.resolve(value));

describe('calling the background', () => {
  it('gives back an answer of the expected shape', async () => {
    const session = { relayUrl: 'https://relay.test', session: 'S'.repeat(43) };
    answer({ ok: true, value: session });
    expect(await callBackground({ method: 'session' })).toEqual({ ok: true, value: session });
  });

  it('gives back a failure with its kind', async () => {
    answer({ ok: false, error: 'Gone.', kind: 'not_found' });
    expect(await callBackground({ method: 'openRoom', key: 'abcdefghijklmnopqrstuvwxyz' })).toEqual(
      { ok: false, error: 'Gone.', kind: 'not_found' },
    );
  });

  it('does not pass on an answer of another shape', async () => {
    answer({ ok: true, value: { relayUrl: 'https://relay.test', session: 'short' } });
    const outcome = await callBackground({ method: 'session' });
    expect(outcome).toMatchObject({ ok: false });
    expect(outcome).not.toHaveProperty('value');
  });

  it('says so when nothing answers', async () => {
    const outcome = await callBackground({ method: 'session' });
    expect(outcome).toMatchObject({
      ok: false,
      error: expect.stringMatching(/did not answer/) as unknown,
    });
  });
});
