/**
 * The Lua scripts behind the room store: the only writers of `room:{rid}:state`. Each reads the
 * state, decides, writes the next rev and publishes it in one atomic step, so no node can see a
 * write without its broadcast. Contracts are documented in redis/README.md.
 * @module
 */
import {
  MAX_HOLD_WAITING,
  MAX_POSITION,
  MAX_START_LEAD_MS,
  MIN_START_LEAD_MS,
  START_LEAD_MARGIN_MS,
  UNKNOWN_RTT_MS,
} from '../../../shared/timeline-limits';
import { LuaScript } from '../lua-script';
import { MEMBER_STALE_MS } from '../../relay/ports/members';

/**
 * Shared by every script. KEYS[1] is the state hash, KEYS[2] the members hash, KEYS[3] the meta
 * hash (host, host-only lock); the writers take ARGV[1] channel, ARGV[2] ttl (s), ARGV[3] now
 * (relay ms), then their own arguments.
 *
 * The hold lives in four fields (`holdId`, `holdReason`, `holdDeadline`, `holdWaiting` as
 * comma-separated member ids), all present or all absent; a room stored before holds existed
 * simply has none. State JSON is assembled from the stored strings rather than with cjson, whose
 * 14-digit number formatting would round `at`. Every piece is safe to splice: numbers come from
 * JavaScript's number-to-string or from `num` below, videoId matches [A-Za-z0-9_-]{11} and member
 * ids are hex.
 */
const PRELUDE = `
local FIELDS = {'rev', 'videoId', 'playing', 'position', 'rate', 'at', 'holdId', 'holdReason',
  'holdDeadline', 'holdWaiting', 'item'}

-- Exact: 17 significant digits read back as the same double.
local function num(x) return string.format('%.17g', x) end

local function load()
  local f = redis.call('HMGET', KEYS[1], unpack(FIELDS))
  if not f[1] then return nil end
  local s = {rev = f[1], videoId = f[2], playing = f[3], position = f[4], rate = f[5], at = f[6],
    item = (f[11] and f[11] ~= '') and f[11] or nil}
  if f[7] then
    local waiting = {}
    for id in string.gmatch(f[10] or '', '[^,]+') do waiting[#waiting + 1] = id end
    s.hold = {id = f[7], reason = f[8], deadline = f[9], waiting = waiting}
  end
  return s
end

local function encode(s)
  local hold = 'null'
  if s.hold then
    local ids = {}
    for i, id in ipairs(s.hold.waiting) do ids[i] = '"' .. id .. '"' end
    hold = '{"id":' .. s.hold.id .. ',"reason":"' .. s.hold.reason .. '","waitingFor":[' ..
      table.concat(ids, ',') .. '],"deadline":' .. s.hold.deadline .. '}'
  end
  return '{"rev":' .. s.rev .. ',"videoId":"' .. s.videoId .. '","item":' ..
    (s.item or 'null') .. ',"playing":' ..
    (s.playing == '1' and 'true' or 'false') .. ',"position":' .. s.position .. ',"rate":' ..
    s.rate .. ',"at":' .. s.at .. ',"hold":' .. hold .. '}'
end

-- Moves s to the next rev and returns it (a new hold takes it as its id).
local function bump(s)
  s.rev = tostring(tonumber(s.rev) + 1)
  return s.rev
end

-- Writes s, renews the TTLs and publishes {"kind": "state", "state", "by"} (by '' is null);
-- returns the state JSON.
local function save(s, by)
  redis.call('HSET', KEYS[1], 'rev', s.rev, 'videoId', s.videoId, 'playing', s.playing,
    'position', s.position, 'rate', s.rate, 'at', s.at)
  if s.item then redis.call('HSET', KEYS[1], 'item', s.item) end
  if s.hold then
    redis.call('HSET', KEYS[1], 'holdId', s.hold.id, 'holdReason', s.hold.reason,
      'holdDeadline', s.hold.deadline, 'holdWaiting', table.concat(s.hold.waiting, ','))
  else
    redis.call('HDEL', KEYS[1], 'holdId', 'holdReason', 'holdDeadline', 'holdWaiting')
  end
  redis.call('EXPIRE', KEYS[1], ARGV[2])
  redis.call('EXPIRE', KEYS[3], ARGV[2])
  local json = encode(s)
  redis.call('PUBLISH', ARGV[1], '{"kind":"state","state":' .. json .. ',"by":' ..
    (by == '' and 'null' or '"' .. by .. '"') .. '}')
  return json
end

-- The members whose node still vouches for them: {id, entry} each.
local function liveEntries(now)
  local all = redis.call('HGETALL', KEYS[2])
  local live = {}
  for i = 1, #all, 2 do
    local ok, m = pcall(cjson.decode, all[i + 1])
    if ok and type(m) == 'table' and type(m.seenAt) == 'number'
      and now - m.seenAt <= ${MEMBER_STALE_MS} then
      live[#live + 1] = {id = all[i], entry = m}
    end
  end
  return live
end

-- The ids of the live members, and the largest rtt they reported.
local function liveMembers(now)
  local ids, maxRtt = {}, nil
  for _, member in ipairs(liveEntries(now)) do
    ids[#ids + 1] = member.id
    local rtt = member.entry.rtt
    if type(rtt) == 'number' and (maxRtt == nil or rtt > maxRtt) then maxRtt = rtt end
  end
  return ids, maxRtt
end

-- True when the host-only lock refuses a playback change from user uid ('' = no user): the lock
-- is on, uid is not the host, and the host has a live member in the room. While the host is
-- away the lock lapses, so a room is never stuck.
local function lockedOut(uid, now)
  local meta = redis.call('HMGET', KEYS[3], 'host', 'hostOnly')
  local host = meta[1]
  if meta[2] ~= '1' or not host or host == uid then return false end
  for _, member in ipairs(liveEntries(now)) do
    if member.entry.uid == host then return true end
  end
  return false
end

-- A start far enough ahead for the slowest live member to hear of it in time.
local function startAt(now)
  local _, maxRtt = liveMembers(now)
  local lead = math.min(math.max((maxRtt or ${UNKNOWN_RTT_MS}) + ${START_LEAD_MARGIN_MS},
    ${MIN_START_LEAD_MS}), ${MAX_START_LEAD_MS})
  return num(now + lead)
end

-- Ends the hold: a playing room starts again from the hold's position at a scheduled instant.
local function release(s)
  s.hold = nil
  s.at = s.playing == '1' and startAt(tonumber(ARGV[3])) or ARGV[3]
end
`;

function script(body: string): LuaScript {
  return new LuaScript(PRELUDE + body);
}

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
export const ENSURE_ROOM = script(`
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
export const READ_ROOM = script(`
local s = load()
if not s then return nil end
return encode(s)
`);

/**
 * A member's control. ARGV[4…]: baseRev, action, position, rate, memberId, seek hold deadline,
 * the member's uid ('' without a user). Returns nil without a state; {2, state} when the
 * host-only lock refuses it, {0, state} when baseRev is stale or a play meets a hold (nothing
 * written in either case); otherwise {1, new state}. Position and rate come from the frame. Play sets `playing`
 * and schedules the start; pause clears `playing` and any hold; a seek while playing holds the
 * room for every live member (the sender first), replacing any hold; rate and a paused seek only
 * move the timeline. All but play stamp `at` = now.
 */
export const APPLY_CONTROL = script(`
local s = load()
if not s then return nil end
local action, member = ARGV[5], ARGV[8]
if lockedOut(ARGV[10], tonumber(ARGV[3])) then return {2, encode(s)} end
if tonumber(s.rev) ~= tonumber(ARGV[4]) or (action == 'play' and s.hold) then
  return {0, encode(s)}
end
local rev = bump(s)
s.position, s.rate, s.at = ARGV[6], ARGV[7], ARGV[3]
if action == 'play' then
  s.playing = '1'
  s.at = startAt(tonumber(ARGV[3]))
elseif action == 'pause' then
  s.playing = '0'
  s.hold = nil
elseif action == 'seek' and s.playing == '1' then
  local waiting = {member}
  for _, id in ipairs((liveMembers(tonumber(ARGV[3])))) do
    if id ~= member and #waiting < ${MAX_HOLD_WAITING} then waiting[#waiting + 1] = id end
  end
  s.hold = {id = rev, reason = 'seek', deadline = ARGV[9], waiting = waiting}
end
return {1, save(s, member)}
`);

/**
 * A member the hold no longer waits for (ready, nowait, or gone). ARGV[4…]: memberId, holdId ('' =
 * whichever hold is set), by ('' = null). If that hold is set and waits for the member, removes
 * it; the last one out releases the hold. Returns the new state, or nil if nothing changed.
 */
export const STOP_WAITING = script(`
local s = load()
if not s or not s.hold or (ARGV[5] ~= '' and tonumber(ARGV[5]) ~= tonumber(s.hold.id)) then
  return nil
end
local index
for i, id in ipairs(s.hold.waiting) do
  if id == ARGV[4] then index = i end
end
if not index then return nil end
table.remove(s.hold.waiting, index)
bump(s)
if #s.hold.waiting == 0 then release(s) end
return save(s, ARGV[6])
`);

/**
 * A member's player stalled. ARGV[4…]: memberId, stall hold deadline, the member's uid ('' without
 * a user). Ignored while paused, and from anyone but the host while the host-only lock applies:
 * a guest who stalls again and again must not stop the host's room; it waits alone and catches
 * up. With no hold, holds the room at its expected position now (the timeline's arithmetic, done
 * here on the state just read); with one, adds the member to those awaited. Returns the new
 * state, or nil if nothing changed.
 */
export const STALL = script(`
local s = load()
if not s or s.playing ~= '1' then return nil end
if lockedOut(ARGV[6], tonumber(ARGV[3])) then return nil end
local member = ARGV[4]
if s.hold then
  for _, id in ipairs(s.hold.waiting) do
    if id == member then return nil end
  end
  if #s.hold.waiting >= ${MAX_HOLD_WAITING} then return nil end
  s.hold.waiting[#s.hold.waiting + 1] = member
  bump(s)
else
  local now, at = tonumber(ARGV[3]), tonumber(s.at)
  if now > at then
    s.position = num(math.min(tonumber(s.position) + (now - at) / 1000 * tonumber(s.rate),
      ${MAX_POSITION}))
  end
  s.at = ARGV[3]
  s.hold = {id = bump(s), reason = 'buffering', deadline = ARGV[5], waiting = {member}}
end
return save(s, member)
`);

/**
 * A hold's deadline. ARGV[4]: holdId. Releases the hold if it is still set and now ≥ its
 * deadline, so any number of nodes may try. Returns the new state, or nil if nothing changed.
 */
export const EXPIRE_HOLD = script(`
local s = load()
if not s or not s.hold or tonumber(s.hold.id) ~= tonumber(ARGV[4])
  or tonumber(ARGV[3]) < tonumber(s.hold.deadline) then
  return nil
end
bump(s)
release(s)
return save(s, '')
`);

/**
 * A playlist room moves to another queue entry. ARGV[4…]: from, to, the entry's videoId, memberId,
 * load hold deadline, the member's uid ('' without a user). Only while the room is on entry
 * \`from\` (so members reaching the end together move it once) and the host-only lock allows
 * it; then the room holds at 0 on the new video, playing, until every live member (the sender
 * first) has loaded it. Returns {1, new state}, {2, state} when the lock refuses it (nothing
 * written), or nil if nothing changed.
 */
export const SELECT_ITEM = script(`
local s = load()
if not s or not s.item or tonumber(s.item) ~= tonumber(ARGV[4]) then return nil end
if lockedOut(ARGV[9], tonumber(ARGV[3])) then return {2, encode(s)} end
local member = ARGV[7]
local rev = bump(s)
s.item, s.videoId, s.position, s.playing, s.at = ARGV[5], ARGV[6], '0', '1', ARGV[3]
local waiting = {member}
for _, id in ipairs((liveMembers(tonumber(ARGV[3])))) do
  if id ~= member and #waiting < ${MAX_HOLD_WAITING} then waiting[#waiting + 1] = id end
end
s.hold = {id = rev, reason = 'load', deadline = ARGV[8], waiting = waiting}
return {1, save(s, member)}
`);
