/**
 * The popup's library calls: it talks to the relay itself, with a session it gets from the
 * background (the one context that spends the identity token, see `identity.ts`). A refused
 * session is renewed through the background once, then the call is tried again.
 * @module
 */
import { callBackground } from './background-client';
import type { PopupSession } from '../../common/popup-messages';
import { RelayError } from '../../common/relay-error';

let current: Promise<PopupSession> | null = null;

async function askSession(renew?: string): Promise<PopupSession> {
  const outcome = await callBackground(
    renew ? { method: 'session', renew } : { method: 'session' },
  );
  if (outcome.ok) return outcome.value;
  throw new RelayError(outcome.kind ?? 'unavailable', outcome.error);
}

function session(renew?: string): Promise<PopupSession> {
  const asked = askSession(renew);
  current = asked;
  asked.catch(() => {
    if (current === asked) current = null;
  });
  return asked;
}

/** Runs `call` against the relay with a live session; throws `RelayError`s users can read. */
export async function withPopupSession<T>(
  call: (relayUrl: string, session: string) => Promise<T>,
): Promise<T> {
  const first = await (current ?? session());
  try {
    return await call(first.relayUrl, first.session);
  } catch (error) {
    if (!(error instanceof RelayError && error.kind === 'unauthorized')) throw error;
    const next = await session(first.session);
    return call(next.relayUrl, next.session);
  }
}

/** Forgets the session, e.g. after the relay URL changed. */
export function forgetPopupSession(): void {
  current = null;
}
