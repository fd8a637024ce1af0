/**
 * Users' playlists: `playlist:{id}` hashes, their `:items` lists of video ids, the
 * `user:{uid}:playlists` index, their invite keys and undo for deletions.
 * @module
 */
import type { Redis } from 'ioredis';
import * as v from 'valibot';
import { generateInviteKey } from '../../../shared/invite-key';
import {
  MAX_PLAYLIST_ITEMS,
  MAX_PLAYLISTS,
  PlaylistSchema,
  type Playlist,
} from '../../../shared/protocol';
import { sha256Hex } from '../../secrets';
import { EXPIRE_WITH_ACCOUNT } from './account-expiry';
import { LuaScript } from '../lua-script';
import { announcePlaylistChanges } from './playlist-changes';
import type { RedisKeys } from '../keys';
import { retryWhileStale, TRASH_TTL_MS } from './trash';

/**
 * Creates a playlist unless the user has the most they may keep.
 * KEYS: playlist hash, items list, user:playlists zset, invite key, user:refreshed, then each
 * item's video hash.
 * ARGV: owner, title, inviteKey, createdAt, invite target, playlist cap, id, the account ttl
 * (ms), then the item ids.
 * Items that are no longer the owner's videos (deleted meanwhile) are left out. Returns 'full', or
 * the ids of the items kept. Every key written expires with the account.
 */
const CREATE_PLAYLIST = new LuaScript(`${EXPIRE_WITH_ACCOUNT}
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
const RENAME_PLAYLIST = new LuaScript(`
if redis.call('HGET', KEYS[1], 'owner') ~= ARGV[1] then return 0 end
redis.call('HSET', KEYS[1], 'title', ARGV[2])
return 1
`);

/**
 * Appends one of the owner's videos. KEYS: playlist hash, items list, video hash,
 * user:refreshed. ARGV: owner, video id, item cap, the account ttl (ms). Returns 'added',
 * 'no_playlist', 'no_video', 'duplicate' or 'full'.
 */
const ADD_ITEM = new LuaScript(`${EXPIRE_WITH_ACCOUNT}
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
const REMOVE_ITEM = new LuaScript(`
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
const REORDER_ITEMS = new LuaScript(`${EXPIRE_WITH_ACCOUNT}
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
const DELETE_PLAYLIST = new LuaScript(`
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
const RESTORE_PLAYLIST = new LuaScript(`${EXPIRE_WITH_ACCOUNT}
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
const PlaylistSnapshotSchema = v.object({
  playlist: v.object({ owner: v.string(), inviteKey: v.string() }),
  items: v.union([
    v.array(v.string()),
    v.pipe(
      v.object({}),
      v.transform((): string[] => []),
    ),
  ]),
});

export type CreatePlaylistResult = { ok: true; playlist: Playlist } | { ok: false; code: 'full' };

export type AddItemResult =
  | { ok: true; playlist: Playlist }
  | { ok: false; code: 'no_playlist' | 'no_video' | 'duplicate' | 'full' };

export type ReorderResult =
  { ok: true; playlist: Playlist } | { ok: false; code: 'no_playlist' | 'conflict' };

export type RestorePlaylistResult =
  { ok: true; playlist: Playlist } | { ok: false; code: 'not_found' | 'full' };

/** Reads and writes playlists; every read and write is for their owner only. */
export class PlaylistStore {
  constructor(
    private readonly redis: Redis,
    private readonly keys: RedisKeys,
    /** What every key it writes expires with while the account is idle (see AccountExpiry). */
    private readonly accountTtlMs: number,
  ) {}

  /** A new playlist of `owner` holding `items` (ids of their videos, already checked). */
  async create(owner: string, title: string, items: number[] = []): Promise<CreatePlaylistResult> {
    const id = await this.redis.incr(this.keys.playlistSeq);
    const inviteKey = generateInviteKey();
    const createdAt = Date.now();
    const reply = await CREATE_PLAYLIST.run(
      this.redis,
      [
        this.keys.playlist(id),
        this.keys.playlistItems(id),
        this.keys.userPlaylists(owner),
        this.keys.invite(sha256Hex(inviteKey)),
        this.keys.userRefreshed(owner),
        ...items.map((item) => this.keys.video(item)),
      ],
      [
        owner,
        title,
        inviteKey,
        createdAt,
        `playlist:${id}`,
        MAX_PLAYLISTS,
        id,
        this.accountTtlMs,
        ...items,
      ],
    );
    if (reply === 'full') return { ok: false, code: 'full' };
    const kept = (reply as string[]).map(Number);
    return { ok: true, playlist: { id, title, inviteKey, createdAt, items: kept } };
  }

  /** The playlist with `id` if `owner` has it; null otherwise. */
  async get(owner: string, id: number): Promise<Playlist | null> {
    const [playlist] = await this.#read(owner, [id]);
    return playlist ?? null;
  }

  /** Every playlist of `owner`, newest first. */
  async list(owner: string): Promise<Playlist[]> {
    const ids = await this.redis.zrange(this.keys.userPlaylists(owner), 0, -1);
    const playlists = await this.#read(owner, ids.map(Number));
    return playlists.sort((a, b) => b.createdAt - a.createdAt || b.id - a.id);
  }

  /** Renames a playlist of `owner`; null when they have no such playlist. */
  async rename(owner: string, id: number, title: string): Promise<Playlist | null> {
    const renamed = await RENAME_PLAYLIST.run(this.redis, [this.keys.playlist(id)], [owner, title]);
    return renamed === 1 ? this.#changed(owner, id) : null;
  }

  /** Appends video `videoId` (which must be the owner's) to the end of the playlist. */
  async addItem(owner: string, id: number, videoId: number): Promise<AddItemResult> {
    const reply = await ADD_ITEM.run(
      this.redis,
      [
        this.keys.playlist(id),
        this.keys.playlistItems(id),
        this.keys.video(videoId),
        this.keys.userRefreshed(owner),
      ],
      [owner, videoId, MAX_PLAYLIST_ITEMS, this.accountTtlMs],
    );
    if (reply !== 'added') return { ok: false, code: reply as 'no_playlist' | 'no_video' };
    return this.#found(owner, id);
  }

  /** Takes a video out of the playlist (already out is fine); null when not the owner's. */
  async removeItem(owner: string, id: number, videoId: number): Promise<Playlist | null> {
    const removed = await REMOVE_ITEM.run(
      this.redis,
      [this.keys.playlist(id), this.keys.playlistItems(id)],
      [owner, videoId],
    );
    return removed === 1 ? this.#changed(owner, id) : null;
  }

  /** Puts the items in a new order, refused unless `items` is exactly the current set. */
  async reorder(owner: string, id: number, items: number[]): Promise<ReorderResult> {
    const reply = await REORDER_ITEMS.run(
      this.redis,
      [this.keys.playlist(id), this.keys.playlistItems(id), this.keys.userRefreshed(owner)],
      [owner, this.accountTtlMs, ...items],
    );
    if (reply !== 'reordered') return { ok: false, code: reply as 'no_playlist' | 'conflict' };
    return this.#found(owner, id);
  }

  /**
   * Deletes a playlist of `owner` and its invite key; restorable for `TRASH_TTL_MS`. False when
   * they have no such playlist.
   */
  async delete(owner: string, id: number): Promise<boolean> {
    const [playlistOwner, inviteKey] = await this.redis.hmget(
      this.keys.playlist(id),
      'owner',
      'inviteKey',
    );
    if (playlistOwner !== owner || !inviteKey) return false;
    const reply = await DELETE_PLAYLIST.run(
      this.redis,
      [
        this.keys.playlist(id),
        this.keys.playlistItems(id),
        this.keys.userPlaylists(owner),
        this.keys.invite(sha256Hex(inviteKey)),
        this.keys.trashedPlaylist(id),
      ],
      [owner, id, TRASH_TTL_MS],
    );
    if (reply !== 'deleted') return false;
    await announcePlaylistChanges(this.redis, this.keys, [inviteKey]);
    return true;
  }

  /** Undoes a deletion by `owner` within `TRASH_TTL_MS` (see RESTORE_PLAYLIST). */
  async restore(owner: string, id: number): Promise<RestorePlaylistResult> {
    const outcome = await retryWhileStale(async () => {
      const stored = await this.redis.get(this.keys.trashedPlaylist(id));
      if (stored === null) return 'gone';
      const snapshot = v.parse(PlaylistSnapshotSchema, JSON.parse(stored));
      if (snapshot.playlist.owner !== owner) return 'gone';
      const reply = await RESTORE_PLAYLIST.run(
        this.redis,
        [
          this.keys.trashedPlaylist(id),
          this.keys.playlist(id),
          this.keys.playlistItems(id),
          this.keys.userPlaylists(owner),
          this.keys.invite(sha256Hex(snapshot.playlist.inviteKey)),
          this.keys.userRefreshed(owner),
          ...snapshot.items.map((item) => this.keys.video(Number(item))),
        ],
        [stored, owner, id, MAX_PLAYLISTS, `playlist:${id}`, this.accountTtlMs],
      );
      return reply as 'restored' | 'gone' | 'stale' | 'full';
    });
    if (outcome === 'gone') return { ok: false, code: 'not_found' };
    if (outcome === 'full') return { ok: false, code: 'full' };
    const playlist = await this.#changed(owner, id);
    return playlist ? { ok: true, playlist } : { ok: false, code: 'not_found' };
  }

  /** The playlist after a successful write (gone again already: `no_playlist`). */
  async #found(
    owner: string,
    id: number,
  ): Promise<{ ok: true; playlist: Playlist } | { ok: false; code: 'no_playlist' }> {
    const playlist = await this.#changed(owner, id);
    return playlist ? { ok: true, playlist } : { ok: false, code: 'no_playlist' };
  }

  /** The playlist after a change, which its room (on every node) is told of. */
  async #changed(owner: string, id: number): Promise<Playlist | null> {
    const playlist = await this.get(owner, id);
    if (playlist) await announcePlaylistChanges(this.redis, this.keys, [playlist.inviteKey]);
    return playlist;
  }

  /** The playlists among `ids` that `owner` has, in one round trip. */
  async #read(owner: string, ids: number[]): Promise<Playlist[]> {
    if (ids.length === 0) return [];
    const pipeline = this.redis.pipeline();
    for (const id of ids) {
      pipeline.hgetall(this.keys.playlist(id)).lrange(this.keys.playlistItems(id), 0, -1);
    }
    const replies = (await pipeline.exec()) ?? [];
    const playlists: Playlist[] = [];
    ids.forEach((id, i) => {
      const [[hashError, hash] = [], [itemsError, items] = []] = replies.slice(2 * i, 2 * i + 2);
      if (hashError) throw hashError;
      if (itemsError) throw itemsError;
      const fields = hash as Record<string, string>;
      if (fields.owner !== owner) return;
      playlists.push(
        v.parse(PlaylistSchema, {
          id,
          title: fields.title,
          inviteKey: fields.inviteKey,
          createdAt: Number(fields.createdAt),
          items: (items as string[]).map(Number),
        }),
      );
    });
    return playlists;
  }
}
