/**
 * Anonymous identities: users, their rotating identity tokens and short-lived sessions.
 * @module
 */
import type { Redis } from 'ioredis';
import type { SessionResponse } from '../../shared/protocol';
import { newId, newSecret, sha256Hex } from '../secrets';
import { execTransaction } from './exec-transaction';
import { LuaScript } from './lua-script';
import type { RedisKeys } from './redis-keys';

/**
 * Consumes a token atomically. KEYS[1] the token hash; ARGV: now (ms), grace (ms), how long to
 * remember a consumed token (ms). Returns {'fresh', uid} on first use, {'grace', uid} for a replay
 * inside the grace window, {'expired'} for a later replay, nil for an unknown token.
 */
const CONSUME_TOKEN = new LuaScript(`
local uid = redis.call('HGET', KEYS[1], 'uid')
if not uid then return nil end
local consumedAt = redis.call('HGET', KEYS[1], 'consumedAt')
if not consumedAt then
  redis.call('HSET', KEYS[1], 'consumedAt', ARGV[1])
  redis.call('PEXPIRE', KEYS[1], ARGV[3])
  return {'fresh', uid}
end
if tonumber(ARGV[1]) - tonumber(consumedAt) <= tonumber(ARGV[2]) then return {'grace', uid} end
return {'expired'}
`);

/**
 * A consumed token is remembered this long (at least the grace window) so that a late replay,
 * most likely a stolen copy, is told `token_expired` rather than looking like garbage.
 */
const CONSUMED_TOKEN_MEMORY_MS = 24 * 3600 * 1000;

export interface IdentityTimes {
  tokenTtlS: number;
  sessionTtlS: number;
  tokenGraceMs: number;
}

export type OpenSessionResult =
  { ok: true; session: SessionResponse } | { ok: false; code: 'token_invalid' | 'token_expired' };

/** Issues and rotates identity tokens and resolves sessions to user ids. */
export class IdentityStore {
  constructor(
    private readonly redis: Redis,
    private readonly keys: RedisKeys,
    private readonly times: IdentityTimes,
  ) {}

  /**
   * Without a token: a new anonymous user. With one: consumes it and issues its replacement for
   * the same user. Rotation on every visit means a copied token works once at most, and the
   * grace window lets two tabs that rotate the same token at once both carry on.
   */
  async openSession(token?: string): Promise<OpenSessionResult> {
    if (token === undefined) {
      const uid = newId();
      const multi = this.redis.multi().hset(this.keys.user(uid), 'createdAt', Date.now());
      return { ok: true, session: await this.#issue(uid, multi) };
    }
    const reply = await CONSUME_TOKEN.run(
      this.redis,
      [this.keys.token(sha256Hex(token))],
      [
        Date.now(),
        this.times.tokenGraceMs,
        Math.max(CONSUMED_TOKEN_MEMORY_MS, this.times.tokenGraceMs),
      ],
    );
    if (!Array.isArray(reply)) return { ok: false, code: 'token_invalid' };
    const [outcome, uid] = reply as [string, string | undefined];
    if (outcome === 'expired' || uid === undefined) return { ok: false, code: 'token_expired' };
    return { ok: true, session: await this.#issue(uid, this.redis.multi()) };
  }

  /** The user a bearer session belongs to, or null for an unknown or expired one. */
  async userForSession(session: string): Promise<string | null> {
    return this.redis.get(this.keys.session(sha256Hex(session)));
  }

  async #issue(uid: string, multi: ReturnType<Redis['multi']>): Promise<SessionResponse> {
    const token = newSecret();
    const session = newSecret();
    const tokenKey = this.keys.token(sha256Hex(token));
    await execTransaction(
      multi
        .hset(tokenKey, 'uid', uid)
        .expire(tokenKey, this.times.tokenTtlS)
        .set(this.keys.session(sha256Hex(session)), uid, 'EX', this.times.sessionTtlS),
    );
    return { token, session, userId: uid, sessionTtlSeconds: this.times.sessionTtlS };
  }
}
