/**
 * API error answers: `{ error: { code, ...figures } }`, with the HTTP status each code goes with.
 * The relay sends no words: the extension turns codes into sentences.
 * @module
 */
import type { Context } from 'hono';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import {
  clipDetail,
  type ApiError,
  type ApiErrorBody,
  type ApiErrorCode,
} from '../../shared/protocol';

/** The status of each code; a code always answers the same one. */
const STATUS: Record<ApiErrorCode, ContentfulStatusCode> = {
  bad_request: 400,
  payload_too_large: 413,
  session_invalid: 401,
  token_invalid: 401,
  token_reused: 401,
  recovery_invalid: 401,
  origin_not_allowed: 403,
  metrics_locked: 403,
  unauthorized: 401,
  not_found: 404,
  video_not_found: 404,
  playlist_not_found: 404,
  nothing_to_restore: 404,
  room_not_found: 404,
  library_full: 409,
  too_many_playlists: 409,
  playlist_full: 409,
  already_in_playlist: 409,
  playlist_changed: 409,
  saved_again: 409,
  rate_limited: 429,
  too_many_identities: 429,
  unavailable: 503,
  storage_full: 503,
  node_full: 503,
  internal: 500,
};

export type ApiFigures = Omit<ApiErrorBody, 'code'>;

/**
 * Answers an API error: its code and the figures its sentence needs, with the code's status. A
 * `detail` is cut so that an answer never echoes a whole request.
 */
export function refuse(
  c: Pick<Context, 'json'>,
  code: ApiErrorCode,
  { detail, ...numbers }: ApiFigures = {},
): Response {
  const body: ApiError = {
    error: { code, ...numbers, ...(detail === undefined ? {} : { detail: clipDetail(detail) }) },
  };
  return c.json(body, STATUS[code]);
}

/** A client-visible failure, thrown from a handler and answered by the app's error handler. */
export class ApiFailure extends Error {
  override name = 'ApiFailure';

  constructor(
    readonly code: ApiErrorCode,
    readonly figures: ApiFigures = {},
  ) {
    super(code);
  }
}
