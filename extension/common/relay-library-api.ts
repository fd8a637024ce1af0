/**
 * The relay's calls about the caller's library as a whole and its videos (see `relay-api.ts`).
 * @module
 */
import {
  ImportReportSchema,
  LibrarySchema,
  VideoSchema,
  type ImportReport,
  type Library,
  type SaveVideoRequest,
  type UpdateVideoRequest,
  type Video,
} from '../../shared/protocol';
import type { ExportFile } from '../../shared/library-export';
import { call, request } from './relay-api';

/** An import carries up to 2 MiB and the relay checks every entry: give it longer. */
const IMPORT_TIMEOUT_MS = 30_000;

/** Saves a video to the caller's library; `created` is false when it was there already. */
export async function addToLibrary(
  relayUrl: string,
  session: string,
  video: SaveVideoRequest,
): Promise<{ video: Video; created: boolean }> {
  const { status, value } = await request({
    relayUrl,
    path: '/api/videos',
    body: video,
    schema: VideoSchema,
    session,
  });
  return { video: value, created: status === 201 };
}

/** Saves a video to the caller's library (or returns the entry they already have for it). */
export async function saveVideo(
  relayUrl: string,
  session: string,
  video: SaveVideoRequest,
): Promise<Video> {
  return (await addToLibrary(relayUrl, session, video)).video;
}

/** Everything the caller keeps, newest first. */
export function getLibrary(relayUrl: string, session: string): Promise<Library> {
  return call({ relayUrl, method: 'GET', path: '/api/library', schema: LibrarySchema, session });
}

/** Renames a video and/or marks it for later. */
export function updateVideo(
  relayUrl: string,
  session: string,
  id: number,
  change: UpdateVideoRequest,
): Promise<Video> {
  return call({
    relayUrl,
    method: 'PATCH',
    path: `/api/videos/${id}`,
    body: change,
    schema: VideoSchema,
    session,
  });
}

/** Deletes a video; `restoreVideo` undoes it for a while. */
export function deleteVideo(relayUrl: string, session: string, id: number): Promise<void> {
  return call({ relayUrl, method: 'DELETE', path: `/api/videos/${id}`, schema: null, session });
}

/** Undoes a recent delete; a `conflict` when the video was saved again meanwhile. */
export function restoreVideo(relayUrl: string, session: string, id: number): Promise<Video> {
  return call({ relayUrl, path: `/api/videos/${id}/restore`, schema: VideoSchema, session });
}

/**
 * Uploads an export file as it was read from disk (check it with `readLibraryExport` first): the
 * relay reads every entry itself and reports the ones it skipped.
 */
export function importLibrary(
  relayUrl: string,
  session: string,
  file: ExportFile | Record<string, unknown>,
): Promise<ImportReport> {
  return call({
    relayUrl,
    path: '/api/library/import',
    body: file,
    schema: ImportReportSchema,
    session,
    timeoutMs: IMPORT_TIMEOUT_MS,
  });
}
