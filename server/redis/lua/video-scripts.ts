/**
 * The Lua scripts behind the video store: each check and write on a user's saved videos, their
 * invite keys, playlist memberships and trash is one atomic step. Contracts are documented in
 * redis/README.md.
 * @module
 */
import * as v from 'valibot';
import { LuaScript } from '../lua-script';
import { EXPIRE_WITH_ACCOUNT } from '../stores/account-expiry';

/**
 * Saves a video unless the user already has that YouTube id or a full library; the checks and
 * every write are one atomic step, so two concurrent saves of one video cannot create two entries.
 * KEYS: user:youtube hash, video hash, user:videos zset, invite key, user:refreshed.
 * ARGV: youtubeId, id, owner, title, inviteKey, addedAt, invite target, channel ('' = none),
 * watchLater ('1'/'0'), the library cap, the account ttl (ms).
 * Returns {'existing', id of the user's entry}, {'full'} or {'created', id}. Every key written
 * expires with the account.
 */
export const SAVE_VIDEO = new LuaScript(`${EXPIRE_WITH_ACCOUNT}
local existing = redis.call('HGET', KEYS[1], ARGV[1])
if existing then return {'existing', existing} end
if redis.call('ZCARD', KEYS[3]) >= tonumber(ARGV[10]) then return {'full'} end
redis.call('HSET', KEYS[2], 'owner', ARGV[3], 'youtubeId', ARGV[1], 'title', ARGV[4],
  'inviteKey', ARGV[5], 'addedAt', ARGV[6], 'watchLater', ARGV[9])
if ARGV[8] ~= '' then redis.call('HSET', KEYS[2], 'channel', ARGV[8]) end
redis.call('ZADD', KEYS[3], ARGV[6], ARGV[2])
redis.call('HSET', KEYS[1], ARGV[1], ARGV[2])
redis.call('SET', KEYS[4], ARGV[7])
expire_with_account(KEYS[5], ARGV[11], {KEYS[1], KEYS[2], KEYS[3], KEYS[4]})
return {'created', ARGV[2]}
`);

/**
 * Changes an entry if `owner` has it. KEYS[1] video hash; ARGV: owner, then (op, field, value)
 * triples: op 'set' writes the field, 'fill' only where it is absent, empty or '0'.
 * Returns the hash as field, value pairs, or nil when the owner differs or the entry is gone.
 */
export const UPDATE_VIDEO = new LuaScript(`
if redis.call('HGET', KEYS[1], 'owner') ~= ARGV[1] then return nil end
for i = 2, #ARGV, 3 do
  local op, field, value = ARGV[i], ARGV[i + 1], ARGV[i + 2]
  local current = redis.call('HGET', KEYS[1], field)
  if op == 'set' or not current or current == '' or current == '0' then
    redis.call('HSET', KEYS[1], field, value)
  end
end
return redis.call('HGETALL', KEYS[1])
`);

/**
 * Deletes an entry, leaving a snapshot to restore it from.
 * KEYS: video hash, user:videos, user:youtube, invite key, trash key, user:playlists, then the
 * items list of each of the user's playlists in user:playlists order.
 * ARGV: owner, id, snapshot ttl (ms), the user's playlist ids comma-joined as read by the caller.
 * Removes the video from every playlist, the YouTube id mapping (if it still names this entry)
 * and the invite key. The snapshot is JSON {video = the hash, playlists = {{playlist, index}…}}.
 * Returns 'deleted', 'gone' (not the owner's) or 'stale' (the user's playlists changed since the
 * caller read them: read again and retry).
 */
export const DELETE_VIDEO = new LuaScript(`
local f = {}
local all = redis.call('HGETALL', KEYS[1])
for i = 1, #all, 2 do f[all[i]] = all[i + 1] end
if f.owner ~= ARGV[1] then return 'gone' end
local playlists = redis.call('ZRANGE', KEYS[6], 0, -1)
if table.concat(playlists, ',') ~= ARGV[4] then return 'stale' end
local memberships = {}
for i = 7, #KEYS do
  local index = redis.call('LPOS', KEYS[i], ARGV[2])
  if index then
    memberships[#memberships + 1] = {playlist = tonumber(playlists[i - 6]), index = index}
    redis.call('LREM', KEYS[i], 0, ARGV[2])
  end
end
redis.call('SET', KEYS[5], cjson.encode({video = f, playlists = memberships}), 'PX', ARGV[3])
redis.call('DEL', KEYS[1], KEYS[4])
redis.call('ZREM', KEYS[2], ARGV[2])
if redis.call('HGET', KEYS[3], f.youtubeId) == ARGV[2] then redis.call('HDEL', KEYS[3], f.youtubeId) end
return 'deleted'
`);

/**
 * Brings a deleted entry back from its snapshot.
 * KEYS: trash key, video hash, user:videos, user:youtube, invite key, user:refreshed, then
 * (playlist hash, items list) for each membership in the snapshot, in its order.
 * ARGV: the snapshot as the caller read it, owner, id, library cap, playlist cap, invite target,
 * the account ttl (ms), then the old index of each membership.
 * Answers 'gone' (no snapshot, or not the owner's), 'stale' (the snapshot changed since the
 * caller read it), 'conflict' (the user saved that YouTube id again), 'full' (library full) or
 * 'restored'. Memberships come back at their old index where the playlist still is the owner's,
 * has room and does not hold the video.
 */
export const RESTORE_VIDEO = new LuaScript(`${EXPIRE_WITH_ACCOUNT}
local stored = redis.call('GET', KEYS[1])
if not stored then return 'gone' end
if stored ~= ARGV[1] then return 'stale' end
local snapshot = cjson.decode(stored)
local f = snapshot.video
if f.owner ~= ARGV[2] then return 'gone' end
if redis.call('HEXISTS', KEYS[4], f.youtubeId) == 1 then return 'conflict' end
if redis.call('ZCARD', KEYS[3]) >= tonumber(ARGV[4]) then return 'full' end
local fields = {}
for field, value in pairs(f) do
  fields[#fields + 1] = field
  fields[#fields + 1] = value
end
redis.call('HSET', KEYS[2], unpack(fields))
redis.call('ZADD', KEYS[3], f.addedAt, ARGV[3])
redis.call('HSET', KEYS[4], f.youtubeId, ARGV[3])
redis.call('SET', KEYS[5], ARGV[6])
local written = {KEYS[2], KEYS[3], KEYS[4], KEYS[5]}
for i = 0, (#KEYS - 6) / 2 - 1 do
  local hash, items = KEYS[7 + 2 * i], KEYS[8 + 2 * i]
  if redis.call('HGET', hash, 'owner') == ARGV[2]
    and redis.call('LLEN', items) < tonumber(ARGV[5])
    and not redis.call('LPOS', items, ARGV[3]) then
    local pivot = redis.call('LINDEX', items, tonumber(ARGV[8 + i]))
    if pivot then
      redis.call('LINSERT', items, 'BEFORE', pivot, ARGV[3])
    else
      redis.call('RPUSH', items, ARGV[3])
    end
    written[#written + 1] = items
  end
end
expire_with_account(KEYS[6], ARGV[7], written)
redis.call('DEL', KEYS[1])
return 'restored'
`);

/** A deleted video's snapshot as DELETE_VIDEO writes it (cjson writes an empty list as {}). */
export const VideoSnapshotSchema = v.object({
  video: v.object({ owner: v.string(), inviteKey: v.string() }),
  playlists: v.union([
    v.array(v.object({ playlist: v.number(), index: v.number() })),
    v.pipe(
      v.object({}),
      v.transform(() => []),
    ),
  ]),
});
