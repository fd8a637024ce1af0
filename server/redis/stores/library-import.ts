/**
 * Importing an export file into a user's library: videos first, then playlists mapped onto the
 * user's entries by YouTube id. Nothing is ever duplicated, so importing a file twice is harmless.
 * @module
 */
import type { ExportedPlaylist, ExportedVideo } from '../../../shared/library-export';
import { MAX_LIBRARY_VIDEOS, MAX_PLAYLISTS, type ImportReport } from '../../../shared/protocol';
import type { PlaylistStore } from './playlist-store';
import type { VideoStore } from './video-store';

/** Videos saved concurrently; each save is its own atomic script, so order within is free. */
const SAVE_BATCH = 100;

/** What to import: the entries `readLibraryExport` accepted and those it already skipped. */
export interface ImportEntries {
  videos: ExportedVideo[];
  playlists: ExportedPlaylist[];
  skipped: ImportReport['skipped'];
}

/**
 * Imports `entries` for `owner`. A video the user has keeps their entry (a channel or watch-later
 * mark from the file only fills what it lacks); a playlist whose title they already use is
 * skipped; playlist items are the user's entries for the file's YouTube ids; caps skip the rest.
 */
export async function importLibrary(
  owner: string,
  entries: ImportEntries,
  stores: { videos: VideoStore; playlists: PlaylistStore },
): Promise<ImportReport> {
  const report: ImportReport = {
    videosAdded: 0,
    videosAlreadySaved: 0,
    playlistsAdded: 0,
    skipped: [...entries.skipped],
  };

  const now = Date.now();
  for (let start = 0; start < entries.videos.length; start += SAVE_BATCH) {
    const batch = entries.videos.slice(start, start + SAVE_BATCH);
    const outcomes = await Promise.all(
      batch.map((entry, i) =>
        stores.videos.saveImported(owner, {
          ...entry,
          // Files list newest first: entries without a date keep that order. No date is taken
          // from the future, where it would stay on top of the library for good.
          addedAt: Math.min(entry.addedAt ?? now - start - i, now),
        }),
      ),
    );
    outcomes.forEach((outcome, i) => {
      if (outcome === 'added') report.videosAdded++;
      else if (outcome === 'already_saved') report.videosAlreadySaved++;
      else
        report.skipped.push({
          entry: `video ${batch[i]?.youtubeId ?? ''}`,
          reason: `your library is full (${MAX_LIBRARY_VIDEOS} videos)`,
        });
    });
  }

  const library = await stores.videos.youtubeIds(owner);
  const titles = new Set((await stores.playlists.list(owner)).map((playlist) => playlist.title));
  for (const playlist of entries.playlists) {
    const entry = `playlist "${playlist.title}"`;
    if (titles.has(playlist.title)) {
      report.skipped.push({ entry, reason: 'a playlist with this title already exists' });
      continue;
    }
    const items: number[] = [];
    for (const youtubeId of playlist.items) {
      const id = library.get(youtubeId);
      if (id === undefined)
        report.skipped.push({
          entry: `${entry} item ${youtubeId}`,
          reason: `video ${youtubeId} is not in your library`,
        });
      else if (items.includes(id))
        report.skipped.push({
          entry: `${entry} item ${youtubeId}`,
          reason: 'the same video appears earlier in this playlist',
        });
      else items.push(id);
    }
    const created = await stores.playlists.create(owner, playlist.title, items);
    if (!created.ok) {
      report.skipped.push({ entry, reason: `you already have ${MAX_PLAYLISTS} playlists` });
      continue;
    }
    titles.add(playlist.title);
    report.playlistsAdded++;
  }
  return report;
}
