/**
 * The anonymous identity on each relay: a token the relay replaces with its successor on every
 * visit, and the short-lived session it hands back (kept by `identity-storage.ts`, per relay).
 *
 * A token the relay refuses is never silently replaced by a new, empty identity: it is kept, the
 * refusal is recorded, and the user chooses to restore the identity with a recovery code or to
 * start over. Anything else (no network, a relay error) keeps the token for the next try.
 * @module
 */
import { openSession } from '../common/relay-api';
import { RelayError } from '../common/relay-error';
import {
  forgetSession,
  readIdentity,
  readSession,
  settingAside,
  writeIdentity,
  writeSession,
  type IdentityRefusal,
} from '../common/identity-storage';
import type { SessionResponse } from '../../shared/protocol';

/** Renew a session this long before the relay would expire it. */
const SESSION_MARGIN_MS = 60_000;

const REFUSAL_MESSAGES: Record<string, string> = {
  token_reused:
    "Someone else used this browser's identity on this server, so it was locked to protect your library.",
  token_invalid: "This server does not know this browser's identity (it may have been reset).",
};
const WHAT_NOW =
  'Restore it with your recovery code (Settings → Restore identity), or start over with a new, empty identity.';

/** The relay refused this browser's identity token: the user must choose what to do. */
export class IdentityRefusedError extends RelayError {
  constructor(readonly refusal: IdentityRefusal) {
    super('unauthorized', refusal.message, refusal.code);
    this.name = 'IdentityRefusedError';
  }
}

async function keep(relayUrl: string, answer: SessionResponse): Promise<string> {
  await writeSession(relayUrl, {
    session: answer.session,
    expiresAt: Date.now() + answer.sessionTtlSeconds * 1000 - SESSION_MARGIN_MS,
  });
  return answer.session;
}

async function rotate(relayUrl: string): Promise<string> {
  const identity = await readIdentity(relayUrl);
  if (identity.refused) throw new IdentityRefusedError(identity.refused);
  let answer;
  try {
    answer = await openSession(relayUrl, identity.token ? { token: identity.token } : {});
  } catch (error) {
    if (!(identity.token && error instanceof RelayError && error.kind === 'unauthorized'))
      throw error;
    const reason = (error.code && REFUSAL_MESSAGES[error.code]) ?? `${error.message}.`;
    const refused = { code: error.code ?? 'unauthorized', message: `${reason} ${WHAT_NOW}` };
    await writeIdentity(relayUrl, { ...identity, refused });
    await forgetSession(relayUrl);
    throw new IdentityRefusedError(refused);
  }
  // Kept before anything else: from now on the relay expects the successor.
  await writeIdentity(relayUrl, { ...identity, token: answer.token });
  return keep(relayUrl, answer);
}

/** What the relay refused about this browser's identity on `relayUrl`, if the user must act. */
export async function identityRefusal(relayUrl: string): Promise<IdentityRefusal | null> {
  return (await readIdentity(relayUrl)).refused ?? null;
}

/**
 * The one spender of this browser's identity tokens: one per background, so that no two
 * operations spend the same token.
 */
export class Identity {
  /** One identity operation at a time per relay. */
  readonly #running = new Map<string, Promise<string>>();

  #exclusive(relayUrl: string, run: () => Promise<string>): Promise<string> {
    const previous = this.#running.get(relayUrl) ?? Promise.resolve('');
    const next = previous
      .catch(() => '')
      .then(run)
      .finally(() => {
        if (this.#running.get(relayUrl) === next) this.#running.delete(relayUrl);
      });
    this.#running.set(relayUrl, next);
    return next;
  }

  /**
   * Presents the identity token to `relayUrl` and opens a new session. Calls made while one is
   * under way share it.
   */
  visit(relayUrl: string): Promise<string> {
    return this.#running.get(relayUrl) ?? this.#exclusive(relayUrl, () => rotate(relayUrl));
  }

  /** A new, empty identity on `relayUrl`; the current token is set aside, not deleted. */
  startOver(relayUrl: string): Promise<string> {
    return this.#exclusive(relayUrl, async () => {
      const identity = await readIdentity(relayUrl);
      await writeIdentity(relayUrl, { setAside: settingAside(identity) });
      await forgetSession(relayUrl);
      return rotate(relayUrl);
    });
  }

  /**
   * Takes the identity a recovery code belongs to as this browser's on `relayUrl` (the current
   * token is set aside). The code works once; a lost answer may be retried with it.
   */
  restoreIdentity(relayUrl: string, recovery: string): Promise<string> {
    return this.#exclusive(relayUrl, async () => {
      let answer;
      try {
        answer = await openSession(relayUrl, { recovery });
      } catch (error) {
        if (error instanceof RelayError && error.kind === 'unauthorized')
          throw new RelayError(
            'unauthorized',
            'This server does not know that recovery code, or it was already used. Make a new one with Back up identity in the browser that has your library.',
            error.code,
          );
        throw error;
      }
      const identity = await readIdentity(relayUrl);
      await writeIdentity(relayUrl, {
        token: answer.token,
        setAside: settingAside(identity, answer.token),
      });
      return keep(relayUrl, answer);
    });
  }

  /** A live session for `relayUrl`, visiting only when there is none. */
  async currentSession(relayUrl: string): Promise<string> {
    return (await readSession(relayUrl)) ?? this.visit(relayUrl);
  }

  /** Runs an authenticated call, renewing the session once if the relay no longer knows it. */
  async withSession<T>(relayUrl: string, run: (session: string) => Promise<T>): Promise<T> {
    const session = await this.currentSession(relayUrl);
    try {
      return await run(session);
    } catch (error) {
      if (!(error instanceof RelayError && error.kind === 'unauthorized')) throw error;
      return run(await this.renewSession(relayUrl, session));
    }
  }

  /**
   * A session to replace `stale`, which the relay refused: visits only if `stale` is still the
   * one kept, so several callers that saw the same refusal spend one token between them.
   */
  async renewSession(relayUrl: string, stale: string): Promise<string> {
    const kept = await readSession(relayUrl);
    return kept !== null && kept !== stale ? kept : this.visit(relayUrl);
  }
}
