/**
 * Anonymous identities: users, their token families, short-lived sessions and recovery codes.
 *
 * Every visit presents the identity token and gets its successor. The successor is derived, not
 * random: HMAC-SHA256(family secret, token). So a visit whose answer was lost is simply retried,
 * any time later, and gets the same successor: a token has at most one live successor, and
 * retries never clone an identity. Once the successor is presented its parent is dead; the parent
 * presented after that means two parties hold the family (a stolen token), and the whole family
 * (its tokens and sessions) is revoked. A recovery code starts a new family for the same user.
 * @module
 */
import { createHmac } from 'node:crypto';
import type { Redis } from 'ioredis';
import type { SessionResponse } from '../../../shared/protocol';
import { newId, newSecret, sha256Hex } from '../../secrets';
import { execTransaction } from '../exec-transaction';
import {
  ADOPT_LEGACY_TOKEN,
  ISSUE_RECOVERY,
  PRESENT_TOKEN,
  READ_RECOVERY,
  READ_TOKEN,
  REDEEM_RECOVERY,
  SESSION_USER,
} from '../lua/identity-scripts';
import type { RedisKeys } from '../keys';

/**
 * A superseded token is remembered this long, so that presenting it is recognised as reuse (and
 * revokes its family) rather than looking like an unknown token.
 */
const SUPERSEDED_TOKEN_MEMORY_MS = 30 * 24 * 3600 * 1000;
/** Recovery codes are shown to people: a version tag, then 256 random bits. */
const RECOVERY_PREFIX = 'ww1-';

export interface IdentityTimes {
  tokenTtlS: number;
  sessionTtlS: number;
}

export type IdentityRefusal = 'token_invalid' | 'token_reused' | 'recovery_invalid';

export type OpenSessionResult =
  { ok: true; session: SessionResponse } | { ok: false; code: IdentityRefusal };

/** The successor of `token` in the family whose secret is `secret`: a 256-bit base64url secret. */
function successor(secret: string, token: string): string {
  return createHmac('sha256', secret).update(token).digest('base64url');
}

/** Issues and rotates identity tokens, resolves sessions to user ids, and keeps recovery codes. */
export class IdentityStore {
  constructor(
    private readonly redis: Redis,
    private readonly keys: RedisKeys,
    private readonly times: IdentityTimes,
  ) {}

  /** Without a token: a new anonymous user. With one: presents it (see the module comment). */
  async openSession(token?: string): Promise<OpenSessionResult> {
    if (token === undefined) return { ok: true, session: await this.#newUser() };
    const tokenSha = sha256Hex(token);
    const read = (await READ_TOKEN.run(
      this.redis,
      [this.keys.token(tokenSha)],
      [this.keys.familyPrefix],
    )) as string[] | null;
    if (read === null) return { ok: false, code: 'token_invalid' };
    if (read[0] === 'legacy') return this.#adoptLegacy(token, read[2] !== '');
    const [, uid, family, parent, secret] = read as [string, string, string, string, string];
    if (secret === '') return { ok: false, code: 'token_invalid' };
    const next = successor(secret, token);
    const session = newSecret();
    const [outcome] = (await PRESENT_TOKEN.run(
      this.redis,
      [
        this.keys.token(tokenSha),
        this.keys.family(family),
        this.keys.token(sha256Hex(next)),
        parent === '' ? this.keys.token(tokenSha) : this.keys.token(parent),
        this.keys.session(sha256Hex(session)),
      ],
      [
        tokenSha,
        family,
        parent,
        Date.now(),
        this.times.tokenTtlS * 1000,
        SUPERSEDED_TOKEN_MEMORY_MS,
        this.times.sessionTtlS,
      ],
    )) as [string];
    if (outcome === 'ok') return { ok: true, session: this.#answer(next, session, uid) };
    if (outcome === 'reused' || outcome === 'revoked') return { ok: false, code: 'token_reused' };
    return { ok: false, code: 'token_invalid' };
  }

  /** A new recovery code for `uid`; the user's previous one stops working. */
  async issueRecoveryCode(uid: string): Promise<string> {
    const code = RECOVERY_PREFIX + newSecret();
    const codeSha = sha256Hex(code);
    await ISSUE_RECOVERY.run(
      this.redis,
      [this.keys.user(uid), this.keys.recovery(codeSha)],
      [codeSha, uid, this.keys.recoveryPrefix],
    );
    return code;
  }

  /**
   * Redeems a recovery code: a new token family for the code's user. Retrying after a lost answer
   * gets the same token, until that token is first presented; then the code is spent.
   */
  async redeemRecoveryCode(code: string): Promise<OpenSessionResult> {
    const codeSha = sha256Hex(code);
    // Two first uses at once: the one that lost reads the winner's family and retries.
    for (let attempt = 0; attempt < 3; attempt++) {
      const read = (await READ_RECOVERY.run(
        this.redis,
        [this.keys.recovery(codeSha)],
        [this.keys.familyPrefix],
      )) as [string, string?, string?] | null;
      if (read === null) break;
      const [uid, family = newId(), secret = newSecret()] = read;
      if (secret === '') break;
      const token = successor(secret, code);
      const session = newSecret();
      const [outcome] = (await REDEEM_RECOVERY.run(
        this.redis,
        [
          this.keys.recovery(codeSha),
          this.keys.user(uid),
          this.keys.family(family),
          this.keys.token(sha256Hex(token)),
          this.keys.session(sha256Hex(session)),
        ],
        [family, secret, codeSha, Date.now(), this.times.tokenTtlS * 1000, this.times.sessionTtlS],
      )) as [string];
      if (outcome === 'ok') return { ok: true, session: this.#answer(token, session, uid) };
      if (outcome !== 'stale') break;
    }
    return { ok: false, code: 'recovery_invalid' };
  }

  /** The user a bearer session belongs to, or null for an unknown, expired or revoked one. */
  async userForSession(session: string): Promise<string | null> {
    return (await SESSION_USER.run(
      this.redis,
      [this.keys.session(sha256Hex(session))],
      [this.keys.familyPrefix],
    )) as string | null;
  }

  /** A new user with a new family, its first token random. */
  async #newUser(): Promise<SessionResponse> {
    const uid = newId();
    const family = newId();
    const token = newSecret();
    const session = newSecret();
    const ttlMs = this.times.tokenTtlS * 1000;
    const familyKey = this.keys.family(family);
    const tokenKey = this.keys.token(sha256Hex(token));
    const now = Date.now();
    await execTransaction(
      this.redis
        .multi()
        .hset(this.keys.user(uid), 'createdAt', now)
        .hset(familyKey, 'uid', uid, 'secret', newSecret(), 'createdAt', now)
        .pexpire(familyKey, ttlMs)
        .hset(tokenKey, 'uid', uid, 'family', family, 'state', 'live')
        .pexpire(tokenKey, ttlMs)
        .set(
          this.keys.session(sha256Hex(session)),
          `${uid}:${family}`,
          'EX',
          this.times.sessionTtlS,
        ),
    );
    return this.#answer(token, session, uid);
  }

  /**
   * A token from before token families: it becomes its user's first family's first token (once,
   * however many present it at once), then is presented as any other. One that was already
   * consumed is refused as unknown.
   */
  async #adoptLegacy(token: string, consumed: boolean): Promise<OpenSessionResult> {
    if (consumed) return { ok: false, code: 'token_invalid' };
    const family = newId();
    const adopted = await ADOPT_LEGACY_TOKEN.run(
      this.redis,
      [this.keys.token(sha256Hex(token)), this.keys.family(family)],
      [family, newSecret(), this.times.tokenTtlS * 1000, Date.now()],
    );
    if (adopted === null) return { ok: false, code: 'token_invalid' };
    return this.openSession(token);
  }

  #answer(token: string, session: string, uid: string): SessionResponse {
    return { token, session, userId: uid, sessionTtlSeconds: this.times.sessionTtlS };
  }
}
