/**
 * Deleting a saved video with undo: the deletion takes it out of the library and every playlist,
 * leaving a snapshot under `trash:video:{id}` that a restore puts back (see DELETE_VIDEO and
 * RESTORE_VIDEO); the rooms of the playlists it left or rejoins hear of it.
 * @module
 */
import type { Redis } from 'ioredis';
import * as v from 'valibot';
import { MAX_LIBRARY_VIDEOS, MAX_PLAYLIST_ITEMS } from '../../../shared/protocol';
import { sha256Hex } from '../../secrets';
import { DELETE_VIDEO, RESTORE_VIDEO, VideoSnapshotSchema } from '../lua/video-scripts';
import type { RedisKeys } from '../keys';
import { announcePlaylistChangesById } from './playlist-changes';
import { retryWhileStale, TRASH_TTL_MS } from './trash';

/** Deletes video `id` of `owner`; false when they have no such entry. */
export async function deleteVideo(
  redis: Redis,
  keys: RedisKeys,
  owner: string,
  id: number,
): Promise<boolean> {
  const [entryOwner, inviteKey] = await redis.hmget(keys.video(id), 'owner', 'inviteKey');
  if (entryOwner !== owner || !inviteKey) return false;
  const outcome = await retryWhileStale(async () => {
    const playlists = await redis.zrange(keys.userPlaylists(owner), 0, -1);
    const reply = await DELETE_VIDEO.run(
      redis,
      [
        keys.video(id),
        keys.userVideos(owner),
        keys.userYoutube(owner),
        keys.invite(sha256Hex(inviteKey)),
        keys.trashedVideo(id),
        keys.userPlaylists(owner),
        ...playlists.map((playlist) => keys.playlistItems(Number(playlist))),
      ],
      [owner, id, TRASH_TTL_MS, playlists.join(',')],
    );
    return reply as 'deleted' | 'gone' | 'stale';
  });
  if (outcome !== 'deleted') return false;
  // The rooms of the playlists it left play on without it.
  const trashed = await redis.get(keys.trashedVideo(id));
  const left = trashed === null ? [] : v.parse(VideoSnapshotSchema, JSON.parse(trashed)).playlists;
  await announcePlaylistChangesById(
    redis,
    keys,
    left.map(({ playlist }) => playlist),
  );
  return true;
}

/** Puts back video `id` that `owner` deleted, with its playlist memberships. */
export async function restoreVideo(
  redis: Redis,
  keys: RedisKeys,
  accountTtlMs: number,
  owner: string,
  id: number,
): Promise<'restored' | 'gone' | 'conflict' | 'full'> {
  return retryWhileStale(async () => {
    const stored = await redis.get(keys.trashedVideo(id));
    if (stored === null) return 'gone';
    const snapshot = v.parse(VideoSnapshotSchema, JSON.parse(stored));
    if (snapshot.video.owner !== owner) return 'gone';
    const reply = await RESTORE_VIDEO.run(
      redis,
      [
        keys.trashedVideo(id),
        keys.video(id),
        keys.userVideos(owner),
        keys.userYoutube(owner),
        keys.invite(sha256Hex(snapshot.video.inviteKey)),
        keys.userRefreshed(owner),
        ...snapshot.playlists.flatMap(({ playlist }) => [
          keys.playlist(playlist),
          keys.playlistItems(playlist),
        ]),
      ],
      [
        stored,
        owner,
        id,
        MAX_LIBRARY_VIDEOS,
        MAX_PLAYLIST_ITEMS,
        `video:${id}`,
        accountTtlMs,
        ...snapshot.playlists.map(({ index }) => index),
      ],
    );
    if (reply === 'restored') {
      await announcePlaylistChangesById(
        redis,
        keys,
        snapshot.playlists.map(({ playlist }) => playlist),
      );
    }
    return reply as 'restored' | 'gone' | 'stale' | 'conflict' | 'full';
  });
}
