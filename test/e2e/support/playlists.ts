/**
 * Playlists made through the relay's API, as the popup's Playlists tab would: for tests of
 * playlist rooms.
 * @module
 */
import * as v from 'valibot';
import { expect } from 'vitest';
import { PlaylistSchema, SessionResponseSchema, VideoSchema } from '../../../shared/protocol';

/** Creates a playlist of `videos` for a fresh API user and returns its invite key. */
export async function createPlaylist(
  relayUrl: string,
  videos: { youtubeId: string; title: string }[],
): Promise<string> {
  const call = async (path: string, body: unknown, session?: string): Promise<unknown> => {
    const response = await fetch(relayUrl + path, {
      method: 'POST',
      headers: {
        'Content-Type': 'application/json',
        ...(session ? { Authorization: `Bearer ${session}` } : {}),
      },
      body: JSON.stringify(body),
    });
    expect(response.ok, `${path} answered ${response.status}`).toBe(true);
    return response.json();
  };
  const { session } = v.parse(SessionResponseSchema, await call('/api/session', {}));
  const playlist = v.parse(
    PlaylistSchema,
    await call('/api/playlists', { title: 'Shorts' }, session),
  );
  for (const video of videos) {
    const saved = v.parse(VideoSchema, await call('/api/videos', video, session));
    await call(`/api/playlists/${playlist.id}/items`, { videoId: saved.id }, session);
  }
  return playlist.inviteKey;
}
