/**
 * The room scripts that move the timeline, the only writers of `room:{rid}:state` after its
 * creation: each reads the state, decides, writes the next rev and publishes it in one atomic
 * step, so no node can see a write without its broadcast. Each does what its command does in
 * `shared/room-timeline.ts` (the differential test `test/integration/room-timeline.test.ts`
 * holds them to it). Contracts are documented in redis/README.md.
 * @module
 */
import { MAX_HOLD_WAITING, MAX_POSITION } from '../../../shared/timeline-limits';
import { roomScript } from './room-prelude';

/**
 * A member's control. ARGV[4…]: baseRev, action, position, rate, memberId, seek hold deadline,
 * the member's uid ('' without a user). Returns nil without a state; {2, state} when the
 * host-only lock refuses it, {0, state} when baseRev is stale or a play meets a hold (nothing
 * written in either case); otherwise {1, new state}. Position and rate come from the frame. Play sets `playing`
 * and schedules the start; pause clears `playing` and any hold; a seek while playing holds the
 * room for every live member (the sender first), replacing any hold; rate and a paused seek only
 * move the timeline. All but play stamp `at` = now.
 */
export const APPLY_CONTROL = roomScript(`
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
  s.hold = awaitAll(rev, 'seek', ARGV[9], member)
end
return {1, save(s, member)}
`);

/**
 * A member the hold no longer waits for (ready, nowait, or gone). ARGV[4…]: memberId, holdId ('' =
 * whichever hold is set), by ('' = null). If that hold is set and waits for the member, removes
 * it; the last one out releases the hold. Returns the new state, or nil if nothing changed.
 */
export const STOP_WAITING = roomScript(`
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
export const STALL = roomScript(`
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
export const EXPIRE_HOLD = roomScript(`
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
export const SELECT_ITEM = roomScript(`
local s = load()
if not s or not s.item or tonumber(s.item) ~= tonumber(ARGV[4]) then return nil end
if lockedOut(ARGV[9], tonumber(ARGV[3])) then return {2, encode(s)} end
local member = ARGV[7]
local rev = bump(s)
s.item, s.videoId, s.position, s.playing, s.at = ARGV[5], ARGV[6], '0', '1', ARGV[3]
s.hold = awaitAll(rev, 'load', ARGV[8], member)
return {1, save(s, member)}
`);

/**
 * A room that plays one video moves to another (Play next together). ARGV[4…]: from (the videoId
 * the member saw the room on), to, the new video's title, memberId, load hold deadline, the
 * member's uid ('' without a user). Only outside playlist rooms, while the room is still on
 * \`from\` (so two members pressing it at once move it once) and the host-only lock allows it;
 * then the room keeps the title and holds at 0 on the new video, playing, until every live member
 * (the sender first) has loaded it. Returns {1, new state}, {2, state} when the lock refuses it
 * (nothing written), or nil if nothing changed.
 */
export const MOVE_VIDEO = roomScript(`
local s = load()
if not s or s.item or s.videoId ~= ARGV[4] then return nil end
if lockedOut(ARGV[9], tonumber(ARGV[3])) then return {2, encode(s)} end
local member = ARGV[7]
local rev = bump(s)
s.videoId, s.title, s.position, s.playing, s.at = ARGV[5], ARGV[6], '0', '1', ARGV[3]
s.hold = awaitAll(rev, 'load', ARGV[8], member)
return {1, save(s, member)}
`);
