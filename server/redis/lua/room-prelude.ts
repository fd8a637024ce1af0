/**
 * What every room script starts with: the state hash read and written field by field, its JSON,
 * the live members, the host-only lock, scheduled starts and a hold's release. The limits are
 * interpolated from `shared/timeline-limits.ts`, so the scripts and the room timeline
 * (`shared/room-timeline.ts`) cannot disagree on a number.
 * @module
 */
import {
  MAX_HOLD_WAITING,
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
 * ids are hex. The one free text, the `title` a room moved to another video keeps, goes through
 * cjson's string encoding.
 */
const PRELUDE = `
local FIELDS = {'rev', 'videoId', 'playing', 'position', 'rate', 'at', 'holdId', 'holdReason',
  'holdDeadline', 'holdWaiting', 'item', 'title'}

-- Exact: 17 significant digits read back as the same double.
local function num(x) return string.format('%.17g', x) end

local function load()
  local f = redis.call('HMGET', KEYS[1], unpack(FIELDS))
  if not f[1] then return nil end
  local s = {rev = f[1], videoId = f[2], playing = f[3], position = f[4], rate = f[5], at = f[6],
    item = (f[11] and f[11] ~= '') and f[11] or nil, title = f[12] or nil}
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
    s.rate .. ',"at":' .. s.at .. ',"hold":' .. hold ..
    (s.title and (',"title":' .. cjson.encode(s.title)) or '') .. '}'
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
  if s.title then redis.call('HSET', KEYS[1], 'title', s.title) end
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

-- A hold awaiting every live member, the sender first, each once, at most the cap.
local function awaitAll(rev, reason, deadline, member)
  local waiting = {member}
  for _, id in ipairs((liveMembers(tonumber(ARGV[3])))) do
    if id ~= member and #waiting < ${MAX_HOLD_WAITING} then waiting[#waiting + 1] = id end
  end
  return {id = rev, reason = reason, deadline = deadline, waiting = waiting}
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

/** A room script: the prelude, then `body`. */
export function roomScript(body: string): LuaScript {
  return new LuaScript(PRELUDE + body);
}
