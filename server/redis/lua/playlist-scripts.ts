/**
 * The Lua scripts behind the playlist store: each check and write on a user's playlists, their
 * items, invite keys and trash is one atomic step. Contracts are documented in redis/README.md.
 * @module
 */
import * as v from 'valibot';
import { LuaScript } from '../lua-script';
import { EXPIRE_WITH_ACCOUNT } from '../stores/account-expiry';

/**
 * Creates a playlist unless the user has the most they may keep.
 * KEYS: playlist hash, items list, user:playlists zset, invite key, user:refreshed, then each
 * item's video hash.
 * ARGV: owner, title, inviteKey, createdAt, invite target, playlist cap, id, the account ttl
 * (ms), then the item ids.
 * Items that are no longer the owner's videos (deleted meanwhile) are left out. Returns 'full', or
 * the ids of the items kept. Every key written expires with the account.
 */
export const CREATE_PLAYLIST = new LuaScript(`${EXPIRE_WITH_ACCOUNT}
if redis.call('ZCARD', KEYS[3]) >= tonumber(ARGV[6]) then return 'full' end
redis.call('HSET', KEYS[1], 'owner', ARGV[1], 'title', ARGV[2], 'inviteKey', ARGV[3],
  'createdAt', ARGV[4])
local kept = {}
for i = 9, #ARGV do
  if redis.call('HGET', KEYS[i - 3], 'owner') == ARGV[1] then kept[#kept + 1] = ARGV[i] end
end
if #kept > 0 then redis.call('RPUSH', KEYS[2], unpack(kept)) end
redis.call('ZADD', KEYS[3], ARGV[4], ARGV[7])
redis.call('SET', KEYS[4], ARGV[5])
expire_with_account(KEYS[5], ARGV[8], {KEYS[1], KEYS[2], KEYS[3], KEYS[4]})
return kept
`);

/** Renames a playlist of `owner`. KEYS[1] playlist hash; ARGV: owner, title. Returns 1 or 0. */
export const RENAME_PLAYLIST = new LuaScript(`
if redis.call('HGET', KEYS[1], 'owner') ~= ARGV[1] then return 0 end
redis.call('HSET', KEYS[1], 'title', ARGV[2])
return 1
`);

/**
 * Appends one of the owner's videos. KEYS: playlist hash, items list, video hash,
 * user:refreshed. ARGV: owner, video id, item cap, the account ttl (ms). Returns 'added',
 * 'no_playlist', 'no_video', 'duplicate' or 'full'.
 */
export const ADD_ITEM = new LuaScript(`${EXPIRE_WITH_ACCOUNT}
if redis.call('HGET', KEYS[1], 'owner') ~= ARGV[1] then return 'no_playlist' end
if redis.call('HGET', KEYS[3], 'owner') ~= ARGV[1] then return 'no_video' end
if redis.call('LPOS', KEYS[2], ARGV[2]) then return 'duplicate' end
if redis.call('LLEN', KEYS[2]) >= tonumber(ARGV[3]) then return 'full' end
redis.call('RPUSH', KEYS[2], ARGV[2])
expire_with_account(KEYS[4], ARGV[4], {KEYS[2]})
return 'added'
`);

/**
 * Removes a video from a playlist of `owner` (nothing to remove is fine).
 * KEYS: playlist hash, items list. ARGV: owner, video id. Returns 1, or 0 if not the owner's.
 */
export const REMOVE_ITEM = new LuaScript(`
if redis.call('HGET', KEYS[1], 'owner') ~= ARGV[1] then return 0 end
redis.call('LREM', KEYS[2], 0, ARGV[2])
return 1
`);

/**
 * Replaces the order of a playlist's items with a permutation of them.
 * KEYS: playlist hash, items list, user:refreshed. ARGV: owner, the account ttl (ms), then the
 * item ids in their new order.
 * Returns 'reordered', 'no_playlist' or 'conflict' (the ids are not exactly the current items).
 */
export const REORDER_ITEMS = new LuaScript(`${EXPIRE_WITH_ACCOUNT}
if redis.call('HGET', KEYS[1], 'owner') ~= ARGV[1] then return 'no_playlist' end
local current = redis.call('LRANGE', KEYS[2], 0, -1)
if #current ~= #ARGV - 2 then return 'conflict' end
local wanted, distinct = {}, 0
for i = 3, #ARGV do
  if not wanted[ARGV[i]] then distinct = distinct + 1 end
  wanted[ARGV[i]] = true
end
if distinct ~= #current then return 'conflict' end
for _, id in ipairs(current) do
  if not wanted[id] then return 'conflict' end
end
redis.call('DEL', KEYS[2])
if #ARGV > 2 then redis.call('RPUSH', KEYS[2], unpack(ARGV, 3)) end
expire_with_account(KEYS[3], ARGV[2], {KEYS[2]})
return 'reordered'
`);

/**
 * Deletes a playlist, leaving a snapshot to restore it from.
 * KEYS: playlist hash, items list, user:playlists, invite key, trash key.
 * ARGV: owner, id, snapshot ttl (ms). The snapshot is JSON {playlist = the hash, items = ids}.
 * Returns 'deleted' or 'gone' (not the owner's).
 */
export const DELETE_PLAYLIST = new LuaScript(`
local f = {}
local all = redis.call('HGETALL', KEYS[1])
for i = 1, #all, 2 do f[all[i]] = all[i + 1] end
if f.owner ~= ARGV[1] then return 'gone' end
local items = redis.call('LRANGE', KEYS[2], 0, -1)
redis.call('SET', KEYS[5], cjson.encode({playlist = f, items = items}), 'PX', ARGV[3])
redis.call('DEL', KEYS[1], KEYS[2], KEYS[4])
redis.call('ZREM', KEYS[3], ARGV[2])
return 'deleted'
`);

/**
 * Brings a deleted playlist back from its snapshot, with the items whose videos are still the
 * owner's. KEYS: trash key, playlist hash, items list, user:playlists, invite key,
 * user:refreshed, then the video hash of each snapshot item in order. ARGV: the snapshot as the
 * caller read it, owner, id, playlist cap, invite target, the account ttl (ms). Returns
 * 'restored', 'gone' (no snapshot, or not the owner's), 'stale' (the snapshot changed since the
 * caller read it) or 'full'.
 */
export const RESTORE_PLAYLIST = new LuaScript(`${EXPIRE_WITH_ACCOUNT}
local stored = redis.call('GET', KEYS[1])
if not stored then return 'gone' end
if stored ~= ARGV[1] then return 'stale' end
local snapshot = cjson.decode(stored)
local f = snapshot.playlist
if f.owner ~= ARGV[2] then return 'gone' end
if redis.call('ZCARD', KEYS[4]) >= tonumber(ARGV[4]) then return 'full' end
redis.call('HSET', KEYS[2], 'owner', f.owner, 'title', f.title, 'inviteKey', f.inviteKey,
  'createdAt', f.createdAt)
for i, id in ipairs(snapshot.items) do
  if redis.call('HGET', KEYS[6 + i], 'owner') == ARGV[2] then
    redis.call('RPUSH', KEYS[3], id)
  end
end
redis.call('ZADD', KEYS[4], f.createdAt, ARGV[3])
redis.call('SET', KEYS[5], ARGV[5])
expire_with_account(KEYS[6], ARGV[6], {KEYS[2], KEYS[3], KEYS[4], KEYS[5]})
redis.call('DEL', KEYS[1])
return 'restored'
`);

/** A deleted playlist's snapshot as DELETE_PLAYLIST writes it (cjson writes [] as {}). */
export const PlaylistSnapshotSchema = v.object({
  playlist: v.object({ owner: v.string(), inviteKey: v.string() }),
  items: v.union([
    v.array(v.string()),
    v.pipe(
      v.object({}),
      v.transform((): string[] => []),
    ),
  ]),
});
