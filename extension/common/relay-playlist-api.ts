/**
 * The relay's calls about the caller's playlists (see `relay-api.ts`).
 * @module
 */
import { PlaylistSchema, type Playlist } from '../../shared/protocol';
import { call } from './relay-api';

export function createPlaylist(
  relayUrl: string,
  session: string,
  title: string,
): Promise<Playlist> {
  return call({
    relayUrl,
    path: '/api/playlists',
    body: { title },
    schema: PlaylistSchema,
    session,
  });
}

export function renamePlaylist(
  relayUrl: string,
  session: string,
  id: number,
  title: string,
): Promise<Playlist> {
  return call({
    relayUrl,
    method: 'PATCH',
    path: `/api/playlists/${id}`,
    body: { title },
    schema: PlaylistSchema,
    session,
  });
}

export function deletePlaylist(relayUrl: string, session: string, id: number): Promise<void> {
  return call({ relayUrl, method: 'DELETE', path: `/api/playlists/${id}`, schema: null, session });
}

export function restorePlaylist(relayUrl: string, session: string, id: number): Promise<Playlist> {
  return call({ relayUrl, path: `/api/playlists/${id}/restore`, schema: PlaylistSchema, session });
}

/** Appends a library video; a `conflict` when it is there already or the playlist is full. */
export function addPlaylistItem(
  relayUrl: string,
  session: string,
  id: number,
  videoId: number,
): Promise<Playlist> {
  return call({
    relayUrl,
    path: `/api/playlists/${id}/items`,
    body: { videoId },
    schema: PlaylistSchema,
    session,
  });
}

export function removePlaylistItem(
  relayUrl: string,
  session: string,
  id: number,
  videoId: number,
): Promise<Playlist> {
  return call({
    relayUrl,
    method: 'DELETE',
    path: `/api/playlists/${id}/items/${videoId}`,
    schema: PlaylistSchema,
    session,
  });
}

/** Sends the whole new order; a `conflict` when the items changed meanwhile. */
export function reorderPlaylist(
  relayUrl: string,
  session: string,
  id: number,
  items: number[],
): Promise<Playlist> {
  return call({
    relayUrl,
    method: 'PUT',
    path: `/api/playlists/${id}/items`,
    body: { items },
    schema: PlaylistSchema,
    session,
  });
}
