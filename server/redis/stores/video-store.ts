/**
 * Users' saved videos and the invite keys that open them, with undo for deletions.
 * @module
 */
import type { Redis } from 'ioredis';
import * as v from 'valibot';
import { generateInviteKey } from '../../../shared/invite-key';
import { MAX_LIBRARY_VIDEOS, VideoSchema, type Video } from '../../../shared/protocol';
import { sha256Hex } from '../../secrets';
import { SAVE_VIDEO, UPDATE_VIDEO } from '../lua/video-scripts';
import type { RedisKeys } from '../keys';
import { hashFromReply } from './trash';
import { deleteVideo, restoreVideo } from './video-trash';

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
  delete(owner: string, id: number): Promise<boolean> {
    return deleteVideo(this.redis, this.keys, owner, id);
  }

  /** Undoes a deletion by `owner` within `TRASH_TTL_MS` (see RESTORE_VIDEO). */
  async restore(owner: string, id: number): Promise<RestoreVideoResult> {
    const outcome = await restoreVideo(this.redis, this.keys, this.accountTtlMs, owner, id);
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
