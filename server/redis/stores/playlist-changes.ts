/**
 * Tells the rooms of changed playlists that their queue changed: a `playlist` event on each
 * room's channel, so that every node drops the copy of the queue it keeps for the room's `queue`
 * frames (see `Relay`).
 * @module
 */
import type { Redis } from 'ioredis';
import type { RoomBroadcast } from '../../relay/ports/bus';
import { roomIdForKey } from '../../secrets';
import type { RedisKeys } from '../keys';

const PLAYLIST_CHANGED = JSON.stringify({ kind: 'playlist' } satisfies RoomBroadcast);

/** Announces a change of the playlists whose invite keys are `inviteKeys`, in one round trip. */
export async function announcePlaylistChanges(
  redis: Redis,
  keys: RedisKeys,
  inviteKeys: readonly string[],
): Promise<void> {
  if (inviteKeys.length === 0) return;
  const pipeline = redis.pipeline();
  for (const key of inviteKeys)
    pipeline.publish(keys.roomChannel(roomIdForKey(key)), PLAYLIST_CHANGED);
  for (const [error] of (await pipeline.exec()) ?? []) if (error) throw error;
}

/** Announces a change of the playlists `ids` (a video leaving or rejoining them). */
export async function announcePlaylistChangesById(
  redis: Redis,
  keys: RedisKeys,
  ids: readonly number[],
): Promise<void> {
  if (ids.length === 0) return;
  const pipeline = redis.pipeline();
  for (const id of ids) pipeline.hget(keys.playlist(id), 'inviteKey');
  const inviteKeys: string[] = [];
  for (const [error, key] of (await pipeline.exec()) ?? []) {
    if (error) throw error;
    if (typeof key === 'string') inviteKeys.push(key);
  }
  await announcePlaylistChanges(redis, keys, inviteKeys);
}
