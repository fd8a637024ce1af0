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
import {
  ADD_ITEM,
  CREATE_PLAYLIST,
  DELETE_PLAYLIST,
  PlaylistSnapshotSchema,
  REMOVE_ITEM,
  RENAME_PLAYLIST,
  REORDER_ITEMS,
  RESTORE_PLAYLIST,
} from '../lua/playlist-scripts';
import { announcePlaylistChanges } from './playlist-changes';
import type { RedisKeys } from '../keys';
import { retryWhileStale, TRASH_TTL_MS } from './trash';

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
