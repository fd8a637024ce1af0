/**
 * Users' saved videos and the invite keys that open them, with undo for deletions.
 * @module
 */
import type { Redis } from 'ioredis';
import * as v from 'valibot';
import { generateInviteKey } from '../../../shared/invite-key';
import {
  MAX_LIBRARY_VIDEOS,
  MAX_PLAYLIST_ITEMS,
  VideoSchema,
  type Video,
} from '../../../shared/protocol';
import { sha256Hex } from '../../secrets';
import { EXPIRE_WITH_ACCOUNT } from './account-expiry';
import { LuaScript } from '../lua-script';
import { announcePlaylistChangesById } from './playlist-changes';
import type { RedisKeys } from '../keys';
import { hashFromReply, retryWhileStale, TRASH_TTL_MS } from './trash';

/**
 * Saves a video unless the user already has that YouTube id or a full library; the checks and
 * every write are one atomic step, so two concurrent saves of one video cannot create two entries.
 * KEYS: user:youtube hash, video hash, user:videos zset, invite key, user:refreshed.
 * ARGV: youtubeId, id, owner, title, inviteKey, addedAt, invite target, channel ('' = none),
 * watchLater ('1'/'0'), the library cap, the account ttl (ms).
 * Returns {'existing', id of the user's entry}, {'full'} or {'created', id}. Every key written
 * expires with the account.
 */
const SAVE_VIDEO = new LuaScript(`${EXPIRE_WITH_ACCOUNT}
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
const UPDATE_VIDEO = new LuaScript(`
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
const DELETE_VIDEO = new LuaScript(`
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
const RESTORE_VIDEO = new LuaScript(`${EXPIRE_WITH_ACCOUNT}
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
const VideoSnapshotSchema = v.object({
  video: v.object({ owner: v.string(), inviteKey: v.string() }),
  playlists: v.union([
    v.array(v.object({ playlist: v.number(), index: v.number() })),
    v.pipe(
      v.object({}),
      v.transform(() => []),
    ),
  ]),
});

/** What a new entry is saved with. */
export interface NewVideo {
  youtubeId: string;
  title: string;
  channel: string | null;
  watchLater: boolean;
  addedAt: number;
}

export type SaveVideoResult =
  | {
      ok: true;
      video: Video;
      /** False when the user already had this video (the existing entry is returned). */
      created: boolean;
    }
  | { ok: false; code: 'library_full' };

export type ImportVideoResult = 'added' | 'already_saved' | 'library_full';

export type RestoreVideoResult =
  { ok: true; video: Video } | { ok: false; code: 'not_found' | 'conflict' | 'library_full' };

/** What an attempt to create an entry came to. */
type Creation =
  { kind: 'created'; video: Video } | { kind: 'existing'; id: number } | { kind: 'full' };

/** What PATCH may change. */
export interface VideoChanges {
  title?: string;
  watchLater?: boolean;
}

/** Reads and writes `video:*`, `user:*:videos`, `user:*:youtube`, their invites and trash. */
export class VideoStore {
  constructor(
    private readonly redis: Redis,
    private readonly keys: RedisKeys,
    /** What every key it writes expires with while the account is idle (see AccountExpiry). */
    private readonly accountTtlMs: number,
  ) {}

  /**
   * Saves a video for `owner`, or returns the entry they already have, retitled (and given the
   * channel, when one is sent).
   */
  async save(
    owner: string,
    youtubeId: string,
    title: string,
    channel: string | null = null,
    attempt = 0,
  ): Promise<SaveVideoResult> {
    const changes: [string, string, string][] = [['set', 'title', title]];
    if (channel !== null) changes.push(['set', 'channel', channel]);
    const known = await this.redis.hget(this.keys.userYoutube(owner), youtubeId);
    const saved: Creation =
      known !== null
        ? { kind: 'existing', id: Number(known) }
        : await this.#create(owner, {
            youtubeId,
            title,
            channel,
            watchLater: false,
            addedAt: Date.now(),
          });
    if (saved.kind === 'full') return { ok: false, code: 'library_full' };
    if (saved.kind === 'created') return { ok: true, video: saved.video, created: true };
    const video = await this.#update(owner, saved.id, changes);
    // Deleted between the lookup and the update: save it anew (once; a second miss is a bug).
    if (!video && attempt === 0) return this.save(owner, youtubeId, title, channel, 1);
    if (!video) throw new Error(`video ${saved.id} vanished while being saved again`);
    return { ok: true, video, created: false };
  }

  /**
   * Saves an imported entry unless the user has it; an entry they have keeps its title and only
   * gains a channel or a watch-later mark it lacked.
   */
  async saveImported(owner: string, entry: NewVideo): Promise<ImportVideoResult> {
    const known = await this.redis.hget(this.keys.userYoutube(owner), entry.youtubeId);
    const saved: Creation =
      known !== null ? { kind: 'existing', id: Number(known) } : await this.#create(owner, entry);
    if (saved.kind === 'full') return 'library_full';
    if (saved.kind === 'created') return 'added';
    const gaps: [string, string, string][] = [];
    if (entry.channel !== null) gaps.push(['fill', 'channel', entry.channel]);
    if (entry.watchLater) gaps.push(['fill', 'watchLater', '1']);
    if (gaps.length > 0) await this.#update(owner, saved.id, gaps);
    return 'already_saved';
  }

  /** The video with `id` if `owner` saved it; null otherwise, so ids reveal nothing. */
  async get(owner: string, id: number): Promise<Video | null> {
    const fields = await this.redis.hgetall(this.keys.video(id));
    if (fields.owner !== owner) return null;
    return parseVideo(id, fields);
  }

  /** Every video of `owner`, newest first. */
  async list(owner: string): Promise<Video[]> {
    const ids = (await this.redis.zrange(this.keys.userVideos(owner), 0, -1)).map(Number);
    if (ids.length === 0) return [];
    const pipeline = this.redis.pipeline();
    for (const id of ids) pipeline.hgetall(this.keys.video(id));
    const replies = (await pipeline.exec()) ?? [];
    const videos: Video[] = [];
    replies.forEach(([error, fields], i) => {
      if (error) throw error;
      const record = fields as Record<string, string>;
      const id = ids[i];
      if (id !== undefined && record.owner === owner) videos.push(parseVideo(id, record));
    });
    return videos.sort((a, b) => b.addedAt - a.addedAt || b.id - a.id);
  }

  /** The YouTube ids `owner` has saved, each with the id of its entry. */
  async youtubeIds(owner: string): Promise<Map<string, number>> {
    const mapping = await this.redis.hgetall(this.keys.userYoutube(owner));
    return new Map(Object.entries(mapping).map(([youtubeId, id]) => [youtubeId, Number(id)]));
  }

  /** Renames and/or marks an entry of `owner`; null when they have no such entry. */
  async update(owner: string, id: number, changes: VideoChanges): Promise<Video | null> {
    const writes: [string, string, string][] = [];
    if (changes.title !== undefined) writes.push(['set', 'title', changes.title]);
    if (changes.watchLater !== undefined)
      writes.push(['set', 'watchLater', changes.watchLater ? '1' : '0']);
    return this.#update(owner, id, writes);
  }

  /**
   * Deletes an entry of `owner` (see DELETE_VIDEO): its invite key stops opening anything and it
   * leaves every playlist. Restorable for `TRASH_TTL_MS`. False when they have no such entry.
   */
  async delete(owner: string, id: number): Promise<boolean> {
    const [entryOwner, inviteKey] = await this.redis.hmget(
      this.keys.video(id),
      'owner',
      'inviteKey',
    );
    if (entryOwner !== owner || !inviteKey) return false;
    const outcome = await retryWhileStale(async () => {
      const playlists = await this.redis.zrange(this.keys.userPlaylists(owner), 0, -1);
      const reply = await DELETE_VIDEO.run(
        this.redis,
        [
          this.keys.video(id),
          this.keys.userVideos(owner),
          this.keys.userYoutube(owner),
          this.keys.invite(sha256Hex(inviteKey)),
          this.keys.trashedVideo(id),
          this.keys.userPlaylists(owner),
          ...playlists.map((playlist) => this.keys.playlistItems(Number(playlist))),
        ],
        [owner, id, TRASH_TTL_MS, playlists.join(',')],
      );
      return reply as 'deleted' | 'gone' | 'stale';
    });
    if (outcome !== 'deleted') return false;
    // The rooms of the playlists it left play on without it.
    const trashed = await this.redis.get(this.keys.trashedVideo(id));
    const left =
      trashed === null ? [] : v.parse(VideoSnapshotSchema, JSON.parse(trashed)).playlists;
    await announcePlaylistChangesById(
      this.redis,
      this.keys,
      left.map(({ playlist }) => playlist),
    );
    return true;
  }

  /** Undoes a deletion by `owner` within `TRASH_TTL_MS` (see RESTORE_VIDEO). */
  async restore(owner: string, id: number): Promise<RestoreVideoResult> {
    const outcome = await retryWhileStale(async () => {
      const stored = await this.redis.get(this.keys.trashedVideo(id));
      if (stored === null) return 'gone';
      const snapshot = v.parse(VideoSnapshotSchema, JSON.parse(stored));
      if (snapshot.video.owner !== owner) return 'gone';
      const reply = await RESTORE_VIDEO.run(
        this.redis,
        [
          this.keys.trashedVideo(id),
          this.keys.video(id),
          this.keys.userVideos(owner),
          this.keys.userYoutube(owner),
          this.keys.invite(sha256Hex(snapshot.video.inviteKey)),
          this.keys.userRefreshed(owner),
          ...snapshot.playlists.flatMap(({ playlist }) => [
            this.keys.playlist(playlist),
            this.keys.playlistItems(playlist),
          ]),
        ],
        [
          stored,
          owner,
          id,
          MAX_LIBRARY_VIDEOS,
          MAX_PLAYLIST_ITEMS,
          `video:${id}`,
          this.accountTtlMs,
          ...snapshot.playlists.map(({ index }) => index),
        ],
      );
      if (reply === 'restored') {
        await announcePlaylistChangesById(
          this.redis,
          this.keys,
          snapshot.playlists.map(({ playlist }) => playlist),
        );
      }
      return reply as 'restored' | 'gone' | 'stale' | 'conflict' | 'full';
    });
    switch (outcome) {
      case 'gone':
        return { ok: false, code: 'not_found' };
      case 'conflict':
        return { ok: false, code: 'conflict' };
      case 'full':
        return { ok: false, code: 'library_full' };
      case 'restored': {
        const video = await this.get(owner, id);
        if (!video) return { ok: false, code: 'not_found' };
        return { ok: true, video };
      }
    }
  }

  /** Creates an entry; answers the id of the user's existing entry for that video instead. */
  async #create(owner: string, entry: NewVideo): Promise<Creation> {
    // INCR outside the script keeps the script's keys declared up front; a lost race only
    // leaves a gap in the ids.
    const id = await this.redis.incr(this.keys.videoSeq);
    const inviteKey = generateInviteKey();
    const reply = await SAVE_VIDEO.run(
      this.redis,
      [
        this.keys.userYoutube(owner),
        this.keys.video(id),
        this.keys.userVideos(owner),
        this.keys.invite(sha256Hex(inviteKey)),
        this.keys.userRefreshed(owner),
      ],
      [
        entry.youtubeId,
        id,
        owner,
        entry.title,
        inviteKey,
        entry.addedAt,
        `video:${id}`,
        entry.channel ?? '',
        entry.watchLater ? '1' : '0',
        MAX_LIBRARY_VIDEOS,
        this.accountTtlMs,
      ],
    );
    const [outcome, existing] = reply as [string, string | undefined];
    if (outcome === 'full') return { kind: 'full' };
    if (outcome === 'existing') return { kind: 'existing', id: Number(existing) };
    const { youtubeId, title, channel, watchLater, addedAt } = entry;
    return {
      kind: 'created',
      video: { id, youtubeId, title, channel, inviteKey, addedAt, watchLater },
    };
  }

  async #update(
    owner: string,
    id: number,
    writes: [string, string, string][],
  ): Promise<Video | null> {
    const reply = await UPDATE_VIDEO.run(
      this.redis,
      [this.keys.video(id)],
      [owner, ...writes.flat()],
    );
    return reply === null ? null : parseVideo(id, hashFromReply(reply));
  }
}

/** An entry as stored; hashes written before `channel` and `watchLater` existed read as unset. */
function parseVideo(id: number, fields: Record<string, string>): Video {
  return v.parse(VideoSchema, {
    id,
    youtubeId: fields.youtubeId,
    title: fields.title,
    inviteKey: fields.inviteKey,
    addedAt: Number(fields.addedAt),
    channel: fields.channel ?? null,
    watchLater: fields.watchLater === '1',
  });
}
