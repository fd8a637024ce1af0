/**
 * The relay's HTTP API as the extension uses it: every answer is parsed with the shared schemas
 * and every failure becomes a `RelayError` a user can understand.
 * @module
 */
import * as v from 'valibot';
import {
  ApiErrorSchema,
  ImportReportSchema,
  InviteLookupResponseSchema,
  LibrarySchema,
  PlaylistSchema,
  RecoveryCodeResponseSchema,
  SessionResponseSchema,
  VideoSchema,
  type ImportReport,
  type InviteLookupResponse,
  type Library,
  type Playlist,
  type SaveVideoRequest,
  type SessionRequest,
  type SessionResponse,
  type UpdateVideoRequest,
  type Video,
} from '../../shared/protocol';
import type { ExportFile } from '../../shared/library-export';
import { apiErrorText } from './error-text';
import { RelayError, unreachableMessage } from './relay-error';

const REQUEST_TIMEOUT_MS = 8000;
/** An import carries up to 2 MiB and the relay checks every entry: give it longer. */
const IMPORT_TIMEOUT_MS = 30_000;

type Method = 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE';

interface Call<T extends v.GenericSchema | null> {
  relayUrl: string;
  method?: Method;
  path: string;
  body?: unknown;
  /** How to read a 2xx answer; null for answers without a body (204). */
  schema: T;
  session?: string;
  timeoutMs?: number;
}

type Answer<T extends v.GenericSchema | null> = T extends v.GenericSchema
  ? v.InferOutput<T>
  : undefined;

/** One request; resolves with the parsed answer and the HTTP status (201 vs 200 matters). */
async function request<T extends v.GenericSchema | null>({
  relayUrl,
  method = 'POST',
  path,
  body,
  schema,
  session,
  timeoutMs = REQUEST_TIMEOUT_MS,
}: Call<T>): Promise<{ status: number; value: Answer<T> }> {
  let response: Response;
  try {
    response = await fetch(relayUrl + path, {
      method,
      headers: {
        ...(body !== undefined ? { 'Content-Type': 'application/json' } : {}),
        ...(session ? { Authorization: `Bearer ${session}` } : {}),
      },
      ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
      signal: AbortSignal.timeout(timeoutMs),
    });
  } catch {
    throw new RelayError('unreachable', unreachableMessage(relayUrl));
  }
  // 204 and other answers without a body.
  if (response.ok && schema === null)
    return { status: response.status, value: undefined as Answer<T> };
  const json: unknown = await response.json().catch(() => null);
  if (response.ok && schema !== null) {
    const parsed = v.safeParse(schema, json);
    if (parsed.success) return { status: response.status, value: parsed.output as Answer<T> };
    throw new RelayError(
      'protocol',
      `The We Watch server at ${relayUrl} sent an answer this version does not understand.`,
    );
  }
  const apiError = v.safeParse(ApiErrorSchema, json);
  const code = apiError.success ? apiError.output.error.code : undefined;
  const message = apiError.success ? apiErrorText(apiError.output.error) : response.statusText;
  if (response.status === 404) throw new RelayError('not_found', message, code);
  if (response.status === 401) throw new RelayError('unauthorized', message, code);
  if (response.status === 409) throw new RelayError('conflict', message, code);
  if (response.status === 400 || response.status === 413)
    throw new RelayError('invalid', message, code);
  if (response.status === 429)
    throw new RelayError(
      'unavailable',
      apiError.success ? message : 'Too many requests; wait a moment and try again.',
      code,
    );
  if (response.status === 503)
    throw new RelayError(
      'unavailable',
      // A full server says so in its own words (nothing was saved): retrying soon will not help.
      code === 'storage_full'
        ? message
        : `The We Watch server at ${relayUrl} is unavailable right now; try again shortly.`,
      code,
    );
  throw new RelayError(
    'unavailable',
    `The We Watch server at ${relayUrl} had a problem (${response.status}).`,
    code,
  );
}

async function call<T extends v.GenericSchema | null>(options: Call<T>): Promise<Answer<T>> {
  return (await request(options)).value;
}

/**
 * Presents the identity token (or a recovery code, or nothing for a new user) to the relay that
 * issued it, for its successor and a fresh session. Only ever called with that relay's own token.
 */
export function openSession(relayUrl: string, request: SessionRequest): Promise<SessionResponse> {
  return call({ relayUrl, path: '/api/session', body: request, schema: SessionResponseSchema });
}

/** A new recovery code for the session's user; the previous one stops working. */
export async function createRecoveryCode(relayUrl: string, session: string): Promise<string> {
  const answer = await call({
    relayUrl,
    path: '/api/identity/recovery',
    schema: RecoveryCodeResponseSchema,
    session,
  });
  return answer.recovery;
}

// ---------- videos ----------

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

// ---------- playlists ----------

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

// ---------- import and invites ----------

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

/** What an invite key opens; `RelayError('not_found')` when it opens nothing. */
export async function lookupInvite(relayUrl: string, key: string): Promise<InviteLookupResponse> {
  try {
    return await call({
      relayUrl,
      path: '/api/invites/lookup',
      body: { key },
      schema: InviteLookupResponseSchema,
    });
  } catch (error) {
    if (error instanceof RelayError && error.kind === 'not_found')
      throw new RelayError('not_found', 'No room with that invite key.', error.code);
    throw error;
  }
}
