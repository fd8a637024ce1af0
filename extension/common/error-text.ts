/**
 * The sentences users read when the relay refuses something. The relay sends only codes and the
 * figures a sentence needs (a wait, a limit); the words are the extension's, all of them here,
 * keyed by code, so that they can be translated in one place.
 * @module
 */
import {
  MAX_BODY_BYTES,
  MAX_CHAT_BYTES,
  MAX_CHAT_CHARS,
  MAX_LIBRARY_VIDEOS,
  MAX_PLAYLIST_ITEMS,
  MAX_PLAYLISTS,
  type ApiErrorBody,
  type ApiErrorCode,
  type ErrorCode,
  type ErrorFrame,
} from '../../shared/protocol';

type Sentence<F> = string | ((figures: F) => string);
type FrameFigures = Omit<ErrorFrame, 'type' | 'code' | 'message'>;
type ApiFigures = Omit<ApiErrorBody, 'code'>;

/** A wait in whole minutes, at least one (a removal, the identity limit). */
function minutes(seconds: number): number {
  return Math.max(1, Math.ceil(seconds / 60));
}

const UNAVAILABLE = "The We Watch server's database is unavailable; try again shortly";
const STORAGE_FULL = "The We Watch server's storage is full, so nothing was saved; try again later";
const NO_ROOM = 'No room with that invite key';

/** Error frames on the room's WebSocket. */
const FRAME_TEXT: Record<ErrorCode, Sentence<FrameFigures>> = {
  bad_frame: 'The We Watch server could not read what this browser sent; update We Watch',
  unsupported_version: ({ version }) =>
    version === undefined
      ? 'This relay speaks another protocol; update We Watch'
      : `This relay speaks protocol ${version}; update We Watch`,
  handshake_timeout: 'No hello in time',
  room_not_found: NO_ROOM,
  // A join refused for a while carries its wait; chat over its budget does not.
  rate_limited: ({ retryAfterS }) =>
    retryAfterS === undefined
      ? 'Slow down: you are sending messages too fast'
      : `Too many joins; try again in ${retryAfterS} s`,
  unavailable: UNAVAILABLE,
  host_only: 'Only the host can control playback',
  removed: ({ by, retryAfterS }) =>
    by !== 'address'
      ? 'The host removed you from this room'
      : `The host removed someone using your network from this room; try again ${
          retryAfterS === undefined ? 'later' : `in ${minutes(retryAfterS)} min`
        }`,
  storage_full: STORAGE_FULL,
  too_long: ({ limit }) =>
    limit === MAX_CHAT_BYTES
      ? 'This message is too long: emoji and some scripts take several bytes each, and a message ' +
        `is limited to ${MAX_CHAT_BYTES} bytes`
      : `Messages are limited to ${limit ?? MAX_CHAT_CHARS} characters`,
  room_full: ({ limit }) =>
    `This room is full${limit === undefined ? '' : ` (${limit} members)`}; try again when someone leaves`,
  denied: 'The host did not let you in',
  knock_timeout: 'Nobody let you in; try again later',
  knocks_full: 'Too many people are waiting to be let in; try again later',
  not_joined: 'Send hello and wait for welcome first',
  already_joined: 'Already said hello',
  no_member: 'That member is no longer in the room',
  no_identity: 'That member has no We Watch identity, so they cannot be host',
  cannot_remove_self: 'You cannot remove yourself',
  cannot_remove_owner: 'The room’s owner cannot be removed',
  not_playlist: 'This room plays one video, not a playlist',
  playlist_gone: 'That playlist no longer exists',
  no_entry: 'That playlist entry no longer exists',
  playlist_empty: 'That playlist has no videos yet',
  internal_error: 'The We Watch server had a problem; reconnecting',
};

/** Error answers of the HTTP API. */
const API_TEXT: Record<ApiErrorCode, Sentence<ApiFigures>> = {
  bad_request: 'The We Watch server could not read this request; update We Watch',
  payload_too_large: ({ limit = MAX_BODY_BYTES }) => `Bodies are limited to ${limit} bytes`,
  session_invalid: 'Your session has expired; sign in again',
  token_invalid: 'This identity token is not known here',
  token_reused:
    'This identity was used from two places, so it was locked to protect its library; restore it with its recovery code',
  recovery_invalid: 'This recovery code is not known here, or it was already used',
  origin_not_allowed: 'This site may not use the We Watch API',
  metrics_locked: 'Set METRICS_TOKEN to read the metrics of a relay that other machines can reach',
  unauthorized: 'The metrics need their token',
  not_found: 'No such endpoint',
  video_not_found: 'No such video in your library',
  playlist_not_found: 'No such playlist',
  nothing_to_restore: 'Nothing to restore',
  room_not_found: NO_ROOM,
  library_full: ({ limit = MAX_LIBRARY_VIDEOS }) =>
    `Your library is full (${limit} videos); delete some to save more`,
  too_many_playlists: ({ limit = MAX_PLAYLISTS }) =>
    `You already have ${limit} playlists; delete one to make another`,
  playlist_full: ({ limit = MAX_PLAYLIST_ITEMS }) => `A playlist holds at most ${limit} videos`,
  already_in_playlist: 'This video is already in the playlist',
  playlist_changed: 'The playlist changed; reload it',
  saved_again: 'You saved this video again since deleting it; the new entry stays',
  rate_limited: ({ retryAfterS }) =>
    retryAfterS === undefined
      ? 'Too many requests; wait a moment and try again.'
      : `Too many requests; try again in ${retryAfterS} s`,
  too_many_identities: ({ retryAfterS }) =>
    `Too many new identities from your network; try again ${
      retryAfterS === undefined ? 'later' : `in ${minutes(retryAfterS)} min`
    }`,
  unavailable: UNAVAILABLE,
  storage_full: STORAGE_FULL,
  node_full: 'This We Watch relay has too many connections; try again shortly',
  internal: 'The We Watch server had a problem',
};

function render<F>(sentence: Sentence<F>, figures: F): string {
  return typeof sentence === 'string' ? sentence : sentence(figures);
}

/** The sentence for an error frame of the room's WebSocket. */
export function frameErrorText(frame: { code: ErrorCode } & FrameFigures): string {
  return render(FRAME_TEXT[frame.code], frame);
}

/** The sentence for an error answer of the HTTP API. */
export function apiErrorText(error: ApiErrorBody): string {
  return render(API_TEXT[error.code], error);
}
