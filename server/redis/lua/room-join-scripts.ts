/**
 * The room scripts that let a member in: the join (bans, host, the let-in-only gate, the state
 * created on first join) and the plain read. Contracts are documented in redis/README.md.
 * @module
 */
import { roomScript } from './room-prelude';

/**
 * A member joins: refused while it is kept out, else the room's state is created if absent and
 * returned. KEYS[1] state hash, KEYS[2] members hash, KEYS[3] meta hash, KEYS[4] chat stream,
 * KEYS[5] banned hash, KEYS[6] admitted set; ARGV: videoId, playing ('1'/'0'), position, rate, at (now), ttl (s), queue
 * entry ('' outside playlist rooms), uid ('' without a user), the owner's uid (of the video or
 * playlist behind the invite key), the member's address.
 *
 * The owner is never kept out. Anyone else is while its user is banned, or while its address is
 * (unless its user holds a pass: it was in the room, on that address, at the removal). Bans that
 * have run out are deleted. The owner joining takes host, unless it handed host to someone who is
 * still in the room (`handed`); without the owner, the first member with a user takes host when
 * there is none (a room re-created by a friend), and the owner takes it back on joining. While
 * only people the host lets in may join (`letInOnly`), anyone but the owner, the host and the
 * users admitted must knock first. Returns {'removed', until, 'user' or 'address'}, {'knock'} or
 * {'joined', state}.
 */
export const ENSURE_ROOM = roomScript(`
local uid, owner, address, now = ARGV[8], ARGV[9], ARGV[10], tonumber(ARGV[5])
local function banUntil(field)
  local till = redis.call('HGET', KEYS[5], field)
  if not till then return nil end
  if tonumber(till) > now then return till end
  redis.call('HDEL', KEYS[5], field)
  return nil
end
if uid ~= owner then
  if uid ~= '' then
    local till = banUntil(uid)
    if till then return {'removed', till, 'user'} end
  end
  if address ~= '' and not (uid ~= '' and banUntil('pass:' .. uid)) then
    local till = banUntil('ip:' .. address)
    if till then return {'removed', till, 'address'} end
  end
end
if redis.call('EXISTS', KEYS[1]) == 0 then
  redis.call('HSET', KEYS[1], 'rev', '1', 'videoId', ARGV[1], 'playing', ARGV[2],
    'position', ARGV[3], 'rate', ARGV[4], 'at', ARGV[5])
  if ARGV[7] ~= '' then redis.call('HSET', KEYS[1], 'item', ARGV[7]) end
end
redis.call('HSET', KEYS[3], 'owner', owner)
if uid == owner then
  local meta = redis.call('HMGET', KEYS[3], 'host', 'handed')
  local handedHere = false
  if meta[1] and meta[1] ~= owner and meta[2] == '1' then
    for _, member in ipairs(liveEntries(now)) do
      if member.entry.uid == meta[1] then handedHere = true end
    end
  end
  if not handedHere then
    redis.call('HSET', KEYS[3], 'host', owner)
    redis.call('HDEL', KEYS[3], 'handed')
  end
elseif uid ~= '' then
  redis.call('HSETNX', KEYS[3], 'host', uid)
end
for i = 1, 4 do
  if i ~= 2 then redis.call('EXPIRE', KEYS[i], ARGV[6]) end
end
local gate = redis.call('HMGET', KEYS[3], 'letInOnly', 'host')
if gate[1] == '1' and uid ~= owner and (uid == '' or (uid ~= gate[2]
  and redis.call('SISMEMBER', KEYS[6], uid) == 0)) then
  return {'knock'}
end
return {'joined', encode(load())}
`);

/** The room's state as JSON, or nil. KEYS[1] state hash. */
export const READ_ROOM = roomScript(`
local s = load()
if not s then return nil end
return encode(s)
`);
