/**
 * The relay's HTTP API as tests and benchmarks call it: one request with its status and parsed
 * answer, and the few calls that set up users, saved videos and playlists.
 * @module
 */
import * as v from 'valibot';
import {
  ApiErrorSchema,
  PlaylistSchema,
  SessionResponseSchema,
  VideoSchema,
  type ApiErrorBody,
  type Playlist,
  type SessionResponse,
  type Video,
} from '../../shared/protocol';

/** Where the API is: any running relay (or anything else with its base URL). */
export interface ApiTarget {
  url: string;
}

/** POSTs (or GETs, without a body) JSON and returns the status and parsed answer. */
export async function api(
  relay: ApiTarget,
  path: string,
  options: { body?: unknown; raw?: string; session?: string; method?: string } = {},
): Promise<{ status: number; json: unknown; headers: Headers }> {
  const hasBody = options.body !== undefined || options.raw !== undefined;
  const response = await fetch(relay.url + path, {
    method: options.method ?? (hasBody ? 'POST' : 'GET'),
    headers: {
      ...(hasBody ? { 'Content-Type': 'application/json' } : {}),
      ...(options.session ? { Authorization: `Bearer ${options.session}` } : {}),
    },
    body: options.raw ?? (options.body === undefined ? undefined : JSON.stringify(options.body)),
  });
  const json: unknown = await response.json().catch(() => null);
  return { status: response.status, json, headers: response.headers };
}

/** The `{ code, ...figures }` of an API error body (throws if the body is not one). */
export function apiError(json: unknown): ApiErrorBody {
  return v.parse(ApiErrorSchema, json).error;
}

/** A new anonymous user's session. */
export async function newSession(relay: ApiTarget): Promise<SessionResponse> {
  const { status, json } = await api(relay, '/api/session', { body: {} });
  if (status !== 200) throw new Error(`session failed with ${status}`);
  return v.parse(SessionResponseSchema, json);
}

/** Saves a video for a new user and returns it (its invite key opens a room). */
export async function newVideo(
  relay: ApiTarget,
  youtubeId = 'dQw4w9WgXcQ',
  title = 'A video',
): Promise<Video> {
  const { session } = await newSession(relay);
  const { status, json } = await api(relay, '/api/videos', {
    body: { youtubeId, title },
    session,
  });
  if (status !== 201) throw new Error(`save failed with ${status}`);
  return v.parse(VideoSchema, json);
}

/** A valid YouTube id made from `n`, for tests that need many distinct videos. */
export function youtubeId(n: number): string {
  return `yt${String(n).padStart(9, '0')}`;
}

/** Saves a video for the user of `session` (expects 200 or 201) and returns the entry. */
export async function saveVideo(
  relay: ApiTarget,
  session: string,
  body: { youtubeId: string; title: string; channel?: string | null },
): Promise<Video> {
  const { status, json } = await api(relay, '/api/videos', { body, session });
  if (status !== 200 && status !== 201) throw new Error(`save failed with ${status}`);
  return v.parse(VideoSchema, json);
}

/** Creates a playlist for the user of `session` holding `videoIds`, in that order. */
export async function createPlaylist(
  relay: ApiTarget,
  session: string,
  title: string,
  videoIds: number[] = [],
): Promise<Playlist> {
  const { status, json } = await api(relay, '/api/playlists', { body: { title }, session });
  if (status !== 201) throw new Error(`playlist creation failed with ${status}`);
  let playlist = v.parse(PlaylistSchema, json);
  for (const videoId of videoIds) {
    const added = await api(relay, `/api/playlists/${playlist.id}/items`, {
      body: { videoId },
      session,
    });
    if (added.status !== 200) throw new Error(`adding an item failed with ${added.status}`);
    playlist = v.parse(PlaylistSchema, added.json);
  }
  return playlist;
}
