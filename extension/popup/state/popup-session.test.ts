import { beforeEach, describe, expect, it, vi } from 'vitest';
import { browser } from 'wxt/browser';
import { RELAY, fakeBackground, session } from './popup-test-support';

// The popup's messages reach settings.ts, which reads the build's relay URL.
vi.hoisted(() => vi.stubGlobal('__RELAY_URL__', 'http://default.test'));

let popupSession: typeof import('./popup-session');
let background: ReturnType<typeof fakeBackground>;
// Loaded again with popup-session.ts, so that `instanceof` there sees the same class.
let RelayError: typeof import('../../common/relay-error').RelayError;

beforeEach(async () => {
  vi.resetModules();
  (browser as unknown as { reset(): void }).reset();
  background = fakeBackground();
  popupSession = await import('./popup-session');
  ({ RelayError } = await import('../../common/relay-error'));
});

const seen: string[] = [];
const record = (relayUrl: string, given: string) => {
  seen.push(`${relayUrl} ${given}`);
  return Promise.resolve(given);
};

describe('the popup session', () => {
  beforeEach(() => {
    seen.length = 0;
  });

  it('is asked of the background once and shared by every call', async () => {
    const [a, b] = await Promise.all([
      popupSession.withPopupSession(record),
      popupSession.withPopupSession(record),
    ]);
    expect([a, b]).toEqual([session(1), session(1)]);
    expect(seen).toEqual([`${RELAY} ${session(1)}`, `${RELAY} ${session(1)}`]);
    expect(background.asked).toEqual([{ method: 'session' }]);
  });

  it('is renewed once through the background when the relay refuses it, and the call retried', async () => {
    let refusals = 1;
    const call = (_url: string, given: string) =>
      refusals-- > 0
        ? Promise.reject(new RelayError('unauthorized', 'No.'))
        : Promise.resolve(given);
    expect(await popupSession.withPopupSession(call)).toBe(session(2));
    expect(background.asked).toEqual([
      { method: 'session' },
      { method: 'session', renew: session(1) },
    ]);
    // The renewed session is the one kept.
    expect(await popupSession.withPopupSession(record)).toBe(session(2));
  });

  it('passes other failures on without asking for another session', async () => {
    const call = () => Promise.reject(new RelayError('not_found', 'Gone.'));
    await expect(popupSession.withPopupSession(call)).rejects.toMatchObject({ kind: 'not_found' });
    expect(background.asked).toHaveLength(1);
  });

  it('is asked again once forgotten (the relay URL or the identity changed)', async () => {
    await popupSession.withPopupSession(record);
    popupSession.forgetPopupSession();
    expect(await popupSession.withPopupSession(record)).toBe(session(2));
  });

  it('a failed ask becomes a RelayError of its kind, and the next call asks again', async () => {
    background.fail("Can't reach the server.");
    await expect(popupSession.withPopupSession(record)).rejects.toEqual(
      new RelayError('unreachable', "Can't reach the server."),
    );
    background.fail(null);
    expect(await popupSession.withPopupSession(record)).toBe(session(1));
  });
});
