/**
 * The library export file: what the popup writes, and how an import is read back entry by entry
 * so one bad entry is reported and skipped instead of failing the whole file.
 * @module
 */
import * as v from 'valibot';
import {
  ChannelSchema,
  MAX_LIBRARY_VIDEOS,
  MAX_PLAYLIST_ITEMS,
  MAX_PLAYLISTS,
  TimestampSchema,
  TitleSchema,
  YoutubeIdSchema,
  type ImportReport,
  type Library,
} from './protocol';

export const EXPORT_FORMAT = 'we-watch-library';
export const EXPORT_VERSION = 1;

export const ExportedVideoSchema = v.object({
  youtubeId: YoutubeIdSchema,
  title: TitleSchema,
  channel: v.optional(v.nullable(ChannelSchema), null),
  watchLater: v.optional(v.boolean(), false),
  addedAt: v.optional(TimestampSchema),
});
export type ExportedVideo = v.InferOutput<typeof ExportedVideoSchema>;

export const ExportedPlaylistSchema = v.object({
  title: TitleSchema,
  /** YouTube ids in play order; each must be in the file's videos or already in the library. */
  items: v.pipe(v.array(YoutubeIdSchema), v.maxLength(MAX_PLAYLIST_ITEMS)),
});
export type ExportedPlaylist = v.InferOutput<typeof ExportedPlaylistSchema>;

/** The file's outer shape; entries stay unknown until each is read on its own. */
const ExportFileSchema = v.object({
  format: v.literal(EXPORT_FORMAT, 'not a We Watch library file'),
  version: v.literal(EXPORT_VERSION, `only version ${EXPORT_VERSION} files can be imported`),
  videos: v.optional(
    v.pipe(
      v.array(v.unknown()),
      v.maxLength(MAX_LIBRARY_VIDEOS, `more than ${MAX_LIBRARY_VIDEOS} videos`),
    ),
    [],
  ),
  playlists: v.optional(
    v.pipe(
      v.array(v.unknown()),
      v.maxLength(MAX_PLAYLISTS, `more than ${MAX_PLAYLISTS} playlists`),
    ),
    [],
  ),
});

export type ExportFile = {
  format: typeof EXPORT_FORMAT;
  version: typeof EXPORT_VERSION;
  exportedAt: number;
  videos: ExportedVideo[];
  playlists: ExportedPlaylist[];
};

export type ReadExport =
  | {
      ok: true;
      videos: ExportedVideo[];
      playlists: ExportedPlaylist[];
      skipped: ImportReport['skipped'];
    }
  | { ok: false; error: string };

function issueText(issues: [v.BaseIssue<unknown>, ...v.BaseIssue<unknown>[]]): string {
  const issue = issues[0];
  const path = issue.path?.map((p) => String(p.key)).join('.') ?? '';
  return path ? `${path}: ${issue.message}` : issue.message;
}

/**
 * Reads a parsed export file. The outer shape must be right (else `ok: false` with why); every
 * entry that fails its schema, and every repeat of a YouTube id or playlist title, is skipped
 * with a reason naming it.
 */
export function readLibraryExport(json: unknown): ReadExport {
  const file = v.safeParse(ExportFileSchema, json);
  if (!file.success) return { ok: false, error: issueText(file.issues) };
  const skipped: ImportReport['skipped'] = [];
  const videos: ExportedVideo[] = [];
  const seenVideos = new Set<string>();
  file.output.videos.forEach((raw, i) => {
    const entry = v.safeParse(ExportedVideoSchema, raw);
    if (!entry.success) skipped.push({ entry: `videos[${i}]`, reason: issueText(entry.issues) });
    else if (seenVideos.has(entry.output.youtubeId))
      skipped.push({ entry: `videos[${i}]`, reason: 'the same video appears earlier in the file' });
    else {
      seenVideos.add(entry.output.youtubeId);
      videos.push(entry.output);
    }
  });
  const playlists: ExportedPlaylist[] = [];
  const seenTitles = new Set<string>();
  file.output.playlists.forEach((raw, i) => {
    const entry = v.safeParse(ExportedPlaylistSchema, raw);
    if (!entry.success) skipped.push({ entry: `playlists[${i}]`, reason: issueText(entry.issues) });
    else if (seenTitles.has(entry.output.title))
      skipped.push({
        entry: `playlists[${i}]`,
        reason: 'a playlist with this title appears earlier in the file',
      });
    else {
      seenTitles.add(entry.output.title);
      playlists.push(entry.output);
    }
  });
  return { ok: true, videos, playlists, skipped };
}

/** The export file for a library: playlists refer to videos by YouTube id, not by local id. */
export function buildLibraryExport(library: Library, exportedAt: number): ExportFile {
  const youtubeIds = new Map(library.videos.map((video) => [video.id, video.youtubeId]));
  return {
    format: EXPORT_FORMAT,
    version: EXPORT_VERSION,
    exportedAt,
    videos: library.videos.map(({ youtubeId, title, channel, watchLater, addedAt }) => ({
      youtubeId,
      title,
      channel,
      watchLater,
      addedAt,
    })),
    playlists: library.playlists.map(({ title, items }) => ({
      title,
      items: items.flatMap((id) => youtubeIds.get(id) ?? []),
    })),
  };
}
