/**
 * The whole library at once: `GET /api/library` for the popup's cache and
 * `POST /api/library/import` for export files.
 * @module
 */
import { Hono } from 'hono';
import { readLibraryExport } from '../../../shared/library-export';
import { importLibrary } from '../../redis/stores/library-import';
import type { PlaylistStore } from '../../redis/stores/playlist-store';
import type { VideoStore } from '../../redis/stores/video-store';
import { ApiFailure } from '../api-failure';
import { requireUser, type SessionUsers } from '../require-user';

/** Routes for `/library`. */
export function libraryRoutes(
  identity: SessionUsers,
  videos: VideoStore,
  playlists: PlaylistStore,
): Hono {
  return new Hono()
    .get('/library', async (c) => {
      const uid = await requireUser(c, identity);
      const [videoList, playlistList] = await Promise.all([videos.list(uid), playlists.list(uid)]);
      return c.json({ videos: videoList, playlists: playlistList }, 200);
    })
    .post('/library/import', async (c) => {
      const uid = await requireUser(c, identity);
      let json: unknown;
      try {
        json = JSON.parse(await c.req.text());
      } catch {
        throw new ApiFailure('bad_request', { detail: 'not JSON' });
      }
      const file = readLibraryExport(json);
      if (!file.ok) throw new ApiFailure('bad_request', { detail: file.error });
      return c.json(await importLibrary(uid, file, { videos, playlists }), 200);
    });
}
