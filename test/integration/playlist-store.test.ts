import Redis from 'ioredis';
import { afterAll, describe, expect, inject, it } from 'vitest';
import { PlaylistStore } from '../../server/redis/stores/playlist-store';
import { redisKeys } from '../../server/redis/keys';
import { VideoStore } from '../../server/redis/stores/video-store';
import { youtubeId } from '../support/api';
import { freshPrefix } from '../support/relay';

const redis = new Redis(inject('redisUrl'));
/** The default `ACCOUNT_IDLE_TTL_S`, a year. */
const ACCOUNT_TTL_MS = 365 * 86_400_000;
afterAll(() => redis.quit());

describe('the playlist store', () => {
  it('creates a playlist with only the items that are still the owner’s videos', async () => {
    const keys = redisKeys(freshPrefix());
    const videos = new VideoStore(redis, keys, ACCOUNT_TTL_MS);
    const playlists = new PlaylistStore(redis, keys, ACCOUNT_TTL_MS);
    const saved = async (owner: string, n: number) => {
      const result = await videos.save(owner, youtubeId(n), `Video ${n}`);
      if (!result.ok) throw new Error('save failed');
      return result.video.id;
    };
    const mine = [await saved('ana', 1), await saved('ana', 2)];
    const theirs = await saved('ben', 3);
    // As an import would, with the ids it read a moment before: one was deleted since, one is
    // somebody else's.
    await redis.del(keys.video(mine[1]!));
    const created = await playlists.create('ana', 'Mixed', [mine[0]!, mine[1]!, theirs]);
    expect(created.ok && created.playlist.items).toEqual([mine[0]]);
    expect(
      await redis.lrange(keys.playlistItems(created.ok ? created.playlist.id : 0), 0, -1),
    ).toEqual([String(mine[0])]);
  });
});
