/**
 * Users' saved videos and the invite keys that open them.
 * @module
 */
import type { Redis } from 'ioredis';
import * as v from 'valibot';
import { generateInviteKey } from '../../shared/invite-key';
import { VideoSchema, type InviteLookupResponse, type Video } from '../../shared/protocol';
import { sha256Hex } from '../secrets';
import { LuaScript } from './lua-script';
import type { RedisKeys } from './redis-keys';

/**
 * Saves a video unless the user already has that YouTube id; both the check and every write are
 * one atomic step, so two concurrent saves of one video cannot create two entries.
 * KEYS: user:youtube hash, video hash, user:videos zset, invite key.
 * ARGV: youtubeId, id, owner, title, inviteKey, addedAt, invite target.
 * Returns the id of the user's entry for that video: ARGV[2] when this call created it.
 */
const SAVE_VIDEO = new LuaScript(`
local existing = redis.call('HGET', KEYS[1], ARGV[1])
if existing then return existing end
redis.call('HSET', KEYS[2], 'owner', ARGV[3], 'youtubeId', ARGV[1], 'title', ARGV[4],
  'inviteKey', ARGV[5], 'addedAt', ARGV[6])
redis.call('ZADD', KEYS[3], ARGV[6], ARGV[2])
redis.call('HSET', KEYS[1], ARGV[1], ARGV[2])
redis.call('SET', KEYS[4], ARGV[7])
return ARGV[2]
`);

/** What an invite target string names (`video:{id}`); other kinds can join later. */
const VIDEO_TARGET = /^video:(\d+)$/;

export interface SaveVideoResult {
  video: Video;
  /** False when the user already had this video (the existing entry is returned). */
  created: boolean;
}

/** Reads and writes `video:*`, `user:*:videos`, `user:*:youtube` and `invite:*`. */
export class VideoStore {
  constructor(
    private readonly redis: Redis,
    private readonly keys: RedisKeys,
  ) {}

  /** Saves a video for `owner`, or returns (and retitles) the entry they already have. */
  async save(owner: string, youtubeId: string, title: string): Promise<SaveVideoResult> {
    const known = await this.redis.hget(this.keys.userYoutube(owner), youtubeId);
    if (known !== null) return { video: await this.#retitle(Number(known), title), created: false };

    // INCR outside the script keeps the script's keys declared up front; a lost race only
    // leaves a gap in the ids.
    const id = await this.redis.incr(this.keys.videoSeq);
    const inviteKey = generateInviteKey();
    const addedAt = Date.now();
    const winner = await SAVE_VIDEO.run(
      this.redis,
      [
        this.keys.userYoutube(owner),
        this.keys.video(id),
        this.keys.userVideos(owner),
        this.keys.invite(sha256Hex(inviteKey)),
      ],
      [youtubeId, id, owner, title, inviteKey, addedAt, `video:${id}`],
    );
    if (Number(winner) !== id)
      return { video: await this.#retitle(Number(winner), title), created: false };
    return {
      video: { id, youtubeId, title, channel: null, inviteKey, addedAt, watchLater: false },
      created: true,
    };
  }

  /** The video with `id` if `owner` saved it; null otherwise, so ids reveal nothing. */
  async get(owner: string, id: number): Promise<Video | null> {
    const fields = await this.redis.hgetall(this.keys.video(id));
    if (fields.owner !== owner) return null;
    return parseVideo(id, fields);
  }

  /** What an invite key opens, or null when it opens nothing. */
  async lookupInvite(inviteKey: string): Promise<InviteLookupResponse | null> {
    const target = await this.redis.get(this.keys.invite(sha256Hex(inviteKey)));
    const id = target === null ? undefined : VIDEO_TARGET.exec(target)?.[1];
    if (id === undefined) return null;
    const [youtubeId, title] = await this.redis.hmget(
      this.keys.video(Number(id)),
      'youtubeId',
      'title',
    );
    if (!youtubeId || !title) return null;
    return { kind: 'video', youtubeId, title };
  }

  async #retitle(id: number, title: string): Promise<Video> {
    const fields = await this.redis.hgetall(this.keys.video(id));
    if (fields.title !== title) {
      await this.redis.hset(this.keys.video(id), 'title', title);
      fields.title = title;
    }
    return parseVideo(id, fields);
  }
}

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
