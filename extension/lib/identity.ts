/**
 * The anonymous identity: a token in `storage.local` that the relay consumes and replaces on every
 * visit, and the short-lived session it hands back, kept in `storage.session` so a restarted
 * service worker does not need another rotation.
 * @module
 */
import browser from 'webextension-polyfill';
import { openSession } from './relay-api';
import { RelayError } from './relay-error';

const TOKEN_KEY = 'identityToken';
const SESSION_KEY = 'relaySession';
/** Renew a session this long before the relay would expire it. */
const SESSION_MARGIN_MS = 60_000;

interface StoredSession {
  relayUrl: string;
  session: string;
  expiresAt: number;
}

let rotation: Promise<string> | null = null;

/**
 * Rotates the identity token and opens a new session. Calls made while one is under way share
 * it, so two tabs never spend the same token twice.
 */
export function visit(relayUrl: string): Promise<string> {
  rotation ??= rotate(relayUrl).finally(() => (rotation = null));
  return rotation;
}

async function rotate(relayUrl: string): Promise<string> {
  const stored = await browser.storage.local.get(TOKEN_KEY);
  const token = typeof stored[TOKEN_KEY] === 'string' ? stored[TOKEN_KEY] : undefined;
  let answer;
  try {
    answer = await openSession(relayUrl, token);
  } catch (error) {
    // A refused token (expired, or from another relay) cannot be recovered: start a fresh identity.
    if (!(error instanceof RelayError && error.kind === 'unauthorized' && token)) throw error;
    answer = await openSession(relayUrl, undefined);
  }
  // Keep the new token before anything else: the old one is already spent.
  await browser.storage.local.set({ [TOKEN_KEY]: answer.token });
  const session: StoredSession = {
    relayUrl,
    session: answer.session,
    expiresAt: Date.now() + answer.sessionTtlSeconds * 1000 - SESSION_MARGIN_MS,
  };
  await browser.storage.session.set({ [SESSION_KEY]: session });
  return answer.session;
}

/** A live session for `relayUrl`, visiting only when there is none. */
export async function currentSession(relayUrl: string): Promise<string> {
  const stored = (await browser.storage.session.get(SESSION_KEY))[SESSION_KEY] as
    StoredSession | undefined;
  if (stored && stored.relayUrl === relayUrl && stored.expiresAt > Date.now())
    return stored.session;
  return visit(relayUrl);
}

/** Runs an authenticated call, renewing the session once if the relay no longer knows it. */
export async function withSession<T>(
  relayUrl: string,
  run: (session: string) => Promise<T>,
): Promise<T> {
  try {
    return await run(await currentSession(relayUrl));
  } catch (error) {
    if (!(error instanceof RelayError && error.kind === 'unauthorized')) throw error;
    return run(await visit(relayUrl));
  }
}

/**
 * A session to replace `stale`, which the relay refused: visits only if `stale` is still the one
 * kept, so several callers that saw the same refusal spend one token between them.
 */
export async function renewSession(relayUrl: string, stale: string): Promise<string> {
  const stored = (await browser.storage.session.get(SESSION_KEY))[SESSION_KEY] as
    StoredSession | undefined;
  if (
    stored &&
    stored.relayUrl === relayUrl &&
    stored.session !== stale &&
    stored.expiresAt > Date.now()
  )
    return stored.session;
  return visit(relayUrl);
}
