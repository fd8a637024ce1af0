/**
 * The identity store's Lua scripts (documented in redis/README.md). Each one that writes is atomic:
 * two presentations of one token, or of one recovery code, can never both take the first-use path.
 * @module
 */
import { LuaScript } from '../lua-script';

/**
 * Reads what presenting a token needs, read-only. KEYS[1] the token hash; ARGV[1] the family key
 * prefix. Nil for an unknown token; {'legacy', uid, consumedAt} for a token issued before token
 * families; otherwise {'family', uid, familyId, parent hash (empty: none), family secret (empty:
 * the family is gone)}.
 */
export const READ_TOKEN = new LuaScript(`
local t = redis.call('HMGET', KEYS[1], 'uid', 'family', 'parent', 'consumedAt')
if not t[1] then return nil end
if not t[2] then return {'legacy', t[1], t[4] or ''} end
local secret = redis.call('HGET', ARGV[1] .. t[2], 'secret')
return {'family', t[1], t[2], t[3] or '', secret or ''}
`);

/**
 * Presents a token. KEYS: the token, its family, its successor, its parent (the token itself when
 * it has none), the new session. ARGV: the token's hash, the family id and parent hash as read,
 * now (ms), token ttl (ms), how long a superseded token is remembered (ms), session ttl (s).
 *
 * A token's `state` goes `live` → `presented` (its successor exists) → `superseded` (its successor
 * was presented). First presentation writes the successor and supersedes the parent; a later one
 * while still `presented` is a retry of a lost answer and changes nothing but the TTLs; presenting
 * a `superseded` token is reuse: two parties hold the family, so the family is revoked.
 * Returns {'ok', uid}, {'reused'}, {'revoked'} or {'unknown'}.
 */
export const PRESENT_TOKEN = new LuaScript(`
local t = redis.call('HMGET', KEYS[1], 'uid', 'family', 'state', 'parent')
if not t[1] or t[2] ~= ARGV[2] or (t[4] or '') ~= ARGV[3] then return {'unknown'} end
local f = redis.call('HMGET', KEYS[2], 'uid', 'revokedAt')
if not f[1] then return {'unknown'} end
if f[2] then return {'revoked'} end
if t[3] == 'superseded' then
  redis.call('HSET', KEYS[2], 'revokedAt', ARGV[4])
  return {'reused'}
end
if t[3] ~= 'presented' then
  redis.call('HSET', KEYS[1], 'state', 'presented')
  redis.call('HSET', KEYS[3], 'uid', t[1], 'family', t[2], 'state', 'live', 'parent', ARGV[1])
  if KEYS[4] ~= KEYS[1] and redis.call('EXISTS', KEYS[4]) == 1 then
    redis.call('HSET', KEYS[4], 'state', 'superseded')
    redis.call('PEXPIRE', KEYS[4], ARGV[6])
  end
end
redis.call('PEXPIRE', KEYS[1], ARGV[5])
redis.call('PEXPIRE', KEYS[3], ARGV[5])
redis.call('PEXPIRE', KEYS[2], ARGV[5])
redis.call('SET', KEYS[5], t[1] .. ':' .. t[2], 'EX', ARGV[7])
return {'ok', t[1]}
`);

/**
 * Makes a token issued before token families the first token of a new family, once. KEYS: the
 * token, the new family; ARGV: family id, family secret, ttl (ms), now (ms). 1 when the token now
 * has a family (this call's or a concurrent one's); nil when it is unknown or was already consumed.
 */
export const ADOPT_LEGACY_TOKEN = new LuaScript(`
local t = redis.call('HMGET', KEYS[1], 'uid', 'family', 'consumedAt')
if not t[1] or t[3] then return nil end
if not t[2] then
  redis.call('HSET', KEYS[2], 'uid', t[1], 'secret', ARGV[2], 'createdAt', ARGV[4])
  redis.call('PEXPIRE', KEYS[2], ARGV[3])
  redis.call('HSET', KEYS[1], 'family', ARGV[1], 'state', 'live')
  redis.call('PEXPIRE', KEYS[1], ARGV[3])
end
return 1
`);

/**
 * Reads a recovery code, read-only. KEYS[1] the code's hash; ARGV[1] the family key prefix.
 * Nil for an unknown code; {uid} before its first use; {uid, familyId, family secret} after.
 */
export const READ_RECOVERY = new LuaScript(`
local r = redis.call('HMGET', KEYS[1], 'uid', 'family')
if not r[1] then return nil end
if not r[2] then return {r[1]} end
return {r[1], r[2], redis.call('HGET', ARGV[1] .. r[2], 'secret') or ''}
`);

/**
 * Redeems a recovery code. KEYS: the code, the user, the family, its first token, the new session.
 * ARGV: family id, family secret, the code's hash, now (ms), token ttl (ms), session ttl (s).
 * First use starts the family (its first token derived from the code), retires the code from the
 * user and gives the used code the token ttl; a retry (a lost answer) gets the same first token
 * until that token is presented. Returns {'ok', uid}, {'stale'} (a concurrent first use won: read again) or
 * {'unknown'}.
 */
export const REDEEM_RECOVERY = new LuaScript(`
local r = redis.call('HMGET', KEYS[1], 'uid', 'family')
if not r[1] then return {'unknown'} end
if not r[2] then
  redis.call('HSET', KEYS[3], 'uid', r[1], 'secret', ARGV[2], 'createdAt', ARGV[4])
  redis.call('HSET', KEYS[4], 'uid', r[1], 'family', ARGV[1], 'state', 'live')
  redis.call('HSET', KEYS[1], 'family', ARGV[1])
  redis.call('PEXPIRE', KEYS[1], ARGV[5])
  if redis.call('HGET', KEYS[2], 'recovery') == ARGV[3] then
    redis.call('HDEL', KEYS[2], 'recovery')
  end
elseif r[2] ~= ARGV[1] then
  return {'stale'}
elseif redis.call('HGET', KEYS[4], 'state') ~= 'live' or redis.call('HEXISTS', KEYS[3], 'revokedAt') == 1 then
  return {'unknown'}
end
redis.call('PEXPIRE', KEYS[3], ARGV[5])
redis.call('PEXPIRE', KEYS[4], ARGV[5])
redis.call('SET', KEYS[5], r[1] .. ':' .. ARGV[1], 'EX', ARGV[6])
return {'ok', r[1]}
`);

/**
 * Issues a user's recovery code, replacing the previous one. KEYS: the user, the new code; ARGV:
 * the new code's hash, uid, the recovery key prefix. Returns 1.
 */
export const ISSUE_RECOVERY = new LuaScript(`
local old = redis.call('HGET', KEYS[1], 'recovery')
if old then redis.call('DEL', ARGV[3] .. old) end
redis.call('HSET', KEYS[1], 'recovery', ARGV[1])
redis.call('HSET', KEYS[2], 'uid', ARGV[2])
-- The code lives as long as the account it opens (the user hash carries the idle expiry).
local left = redis.call('PTTL', KEYS[1])
if left > 0 then redis.call('PEXPIRE', KEYS[2], left) end
return 1
`);

/**
 * The user of a session. KEYS[1] the session; ARGV[1] the family key prefix. The session holds
 * `uid:familyId` (or a bare uid if issued before token families); nil when it is unknown or its
 * family is revoked or gone.
 */
export const SESSION_USER = new LuaScript(`
local value = redis.call('GET', KEYS[1])
if not value then return nil end
local uid, family = string.match(value, '^(%x+):(%x+)$')
if not uid then return value end
local f = redis.call('HMGET', ARGV[1] .. family, 'uid', 'revokedAt')
if not f[1] or f[2] then return nil end
return uid
`);
