/**
 * Applies the relay's answers to the library the popup holds, so it shows each change at once
 * without reloading everything. Lists stay newest first, as the relay sends them.
 * @module
 */
import type { Library, Playlist, Video } from '../../../shared/protocol';

/** Adds or replaces a video. */
export function withVideo(library: Library, video: Video): Library {
  const videos = library.videos.filter((v) => v.id !== video.id);
  videos.push(video);
  videos.sort((a, b) => b.addedAt - a.addedAt || b.id - a.id);
  return { ...library, videos };
}

/** Removes a video, from its playlists too (the relay does the same on delete). */
export function withoutVideo(library: Library, id: number): Library {
  return {
    videos: library.videos.filter((v) => v.id !== id),
    playlists: library.playlists.map((p) =>
      p.items.includes(id) ? { ...p, items: p.items.filter((item) => item !== id) } : p,
    ),
  };
}

/** Adds or replaces a playlist. */
export function withPlaylist(library: Library, playlist: Playlist): Library {
  const playlists = library.playlists.filter((p) => p.id !== playlist.id);
  playlists.push(playlist);
  playlists.sort((a, b) => b.createdAt - a.createdAt || b.id - a.id);
  return { ...library, playlists };
}

export function withoutPlaylist(library: Library, id: number): Library {
  return { ...library, playlists: library.playlists.filter((p) => p.id !== id) };
}
