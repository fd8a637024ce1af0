/**
 * The playlist API: create, list, read, rename, delete and undo, and edit the items.
 * @module
 */
import { Hono, type Context } from 'hono';
import {
  AddPlaylistItemRequestSchema,
  MAX_PLAYLIST_ITEMS,
  MAX_PLAYLISTS,
  PlaylistTitleRequestSchema,
  ReorderPlaylistRequestSchema,
} from '../../../shared/protocol';
import type { PlaylistStore } from '../../redis/stores/playlist-store';
import { ApiFailure } from '../api-failure';
import { parseEntityId } from '../entity-id';
import { readJsonBody } from '../read-json-body';
import { requireUser, type SessionUsers } from '../require-user';

const PLAYLIST_NOT_FOUND = () => new ApiFailure('playlist_not_found');
const TOO_MANY_PLAYLISTS = () => new ApiFailure('too_many_playlists', { limit: MAX_PLAYLISTS });

/** The playlist id in the path; a malformed one is answered like a missing one. */
function playlistId(c: Context): number {
  const id = parseEntityId(c.req.param('id') ?? '');
  if (id === null) throw PLAYLIST_NOT_FOUND();
  return id;
}

/** Routes for `/playlists`. */
export function playlistRoutes(identity: SessionUsers, playlists: PlaylistStore): Hono {
  return new Hono()
    .get('/playlists', async (c) => {
      const uid = await requireUser(c, identity);
      return c.json({ playlists: await playlists.list(uid) }, 200);
    })
    .post('/playlists', async (c) => {
      const uid = await requireUser(c, identity);
      const { title } = await readJsonBody(c, PlaylistTitleRequestSchema);
      const created = await playlists.create(uid, title);
      if (!created.ok) throw TOO_MANY_PLAYLISTS();
      return c.json(created.playlist, 201);
    })
    .get('/playlists/:id', async (c) => {
      const uid = await requireUser(c, identity);
      const playlist = await playlists.get(uid, playlistId(c));
      if (!playlist) throw PLAYLIST_NOT_FOUND();
      return c.json(playlist, 200);
    })
    .patch('/playlists/:id', async (c) => {
      const uid = await requireUser(c, identity);
      const id = playlistId(c);
      const { title } = await readJsonBody(c, PlaylistTitleRequestSchema);
      const playlist = await playlists.rename(uid, id, title);
      if (!playlist) throw PLAYLIST_NOT_FOUND();
      return c.json(playlist, 200);
    })
    .delete('/playlists/:id', async (c) => {
      const uid = await requireUser(c, identity);
      if (!(await playlists.delete(uid, playlistId(c)))) throw PLAYLIST_NOT_FOUND();
      return c.body(null, 204);
    })
    .post('/playlists/:id/restore', async (c) => {
      const uid = await requireUser(c, identity);
      const id = parseEntityId(c.req.param('id'));
      const restored = id === null ? null : await playlists.restore(uid, id);
      if (restored?.ok) return c.json(restored.playlist, 200);
      if (restored?.code === 'full') throw TOO_MANY_PLAYLISTS();
      throw new ApiFailure('nothing_to_restore');
    })
    .post('/playlists/:id/items', async (c) => {
      const uid = await requireUser(c, identity);
      const id = playlistId(c);
      const { videoId } = await readJsonBody(c, AddPlaylistItemRequestSchema);
      const added = await playlists.addItem(uid, id, videoId);
      if (added.ok) return c.json(added.playlist, 200);
      switch (added.code) {
        case 'no_playlist':
          throw PLAYLIST_NOT_FOUND();
        case 'no_video':
          throw new ApiFailure('video_not_found');
        case 'duplicate':
          throw new ApiFailure('already_in_playlist');
        case 'full':
          throw new ApiFailure('playlist_full', { limit: MAX_PLAYLIST_ITEMS });
      }
    })
    .delete('/playlists/:id/items/:videoId', async (c) => {
      const uid = await requireUser(c, identity);
      const id = playlistId(c);
      const videoId = parseEntityId(c.req.param('videoId'));
      const playlist = videoId === null ? null : await playlists.removeItem(uid, id, videoId);
      if (!playlist) throw PLAYLIST_NOT_FOUND();
      return c.json(playlist, 200);
    })
    .put('/playlists/:id/items', async (c) => {
      const uid = await requireUser(c, identity);
      const id = playlistId(c);
      const { items } = await readJsonBody(c, ReorderPlaylistRequestSchema);
      const reordered = await playlists.reorder(uid, id, items);
      if (reordered.ok) return c.json(reordered.playlist, 200);
      if (reordered.code === 'conflict') throw new ApiFailure('playlist_changed');
      throw PLAYLIST_NOT_FOUND();
    });
}
