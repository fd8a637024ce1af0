/**
 * Bodies of the HTTP API (`/api`).
 * @module
 */
import * as v from 'valibot';
import {
  InviteKeySchema,
  MAX_PLAYLIST_ITEMS,
  SecretSchema,
  TimestampSchema,
  TitleSchema,
  YoutubeIdSchema,
} from './values';
import { MAX_PARSE_ERROR_CHARS } from './server-frames';

/**
 * A recovery code moves an identity to another browser: `ww1-` and 256 random bits (base64url),
 * to be copied by a person. Surrounding spaces (from a copy and paste) are trimmed.
 */
export const RecoveryCodeSchema = v.pipe(
  v.string(),
  v.trim(),
  v.regex(/^ww1-[A-Za-z0-9_-]{43}$/, 'invalid recovery code'),
);

/** Nothing (a new user), the identity token to present, or a recovery code to redeem. */
export const SessionRequestSchema = v.pipe(
  v.object({ token: v.optional(SecretSchema), recovery: v.optional(RecoveryCodeSchema) }),
  v.check((body) => !(body.token && body.recovery), 'send a token or a recovery code, not both'),
);
export type SessionRequest = v.InferOutput<typeof SessionRequestSchema>;
export const SessionResponseSchema = v.object({
  /**
   * The identity token to keep, the successor of the one sent. Sending the same token again
   * before this one is used answers this same token (a lost answer is retried safely).
   */
  token: SecretSchema,
  /** Short-lived bearer credential for the other API calls. */
  session: SecretSchema,
  userId: v.pipe(v.string(), v.minLength(1)),
  sessionTtlSeconds: v.pipe(v.number(), v.safeInteger(), v.minValue(1)),
});
export type SessionResponse = v.InferOutput<typeof SessionResponseSchema>;

/** `POST /api/identity/recovery`: the user's new recovery code (the previous one stops working). */
export const RecoveryCodeResponseSchema = v.object({ recovery: RecoveryCodeSchema });
export type RecoveryCodeResponse = v.InferOutput<typeof RecoveryCodeResponseSchema>;

/** Library and playlist ids, as issued by INCR. */
export const EntityIdSchema = v.pipe(v.number(), v.safeInteger(), v.minValue(1));
export const ChannelSchema = v.pipe(v.string(), v.trim(), v.minLength(1), v.maxLength(100));

/** How much one user may keep: bounds memory per identity and the size of every list answer. */
export const MAX_LIBRARY_VIDEOS = 5000;
export const MAX_PLAYLISTS = 200;
/** An import carries a whole library, so its body may be larger than other requests'. */
export const MAX_IMPORT_BYTES = 2 * 1024 * 1024;

export const SaveVideoRequestSchema = v.object({
  youtubeId: YoutubeIdSchema,
  title: TitleSchema,
  channel: v.optional(v.nullable(ChannelSchema)),
});
export type SaveVideoRequest = v.InferOutput<typeof SaveVideoRequestSchema>;

export const VideoSchema = v.object({
  id: EntityIdSchema,
  youtubeId: YoutubeIdSchema,
  title: TitleSchema,
  channel: v.nullable(ChannelSchema),
  inviteKey: InviteKeySchema,
  addedAt: TimestampSchema,
  watchLater: v.boolean(),
});
export type Video = v.InferOutput<typeof VideoSchema>;

/** PATCH /api/videos/:id: rename and/or mark for later. */
export const UpdateVideoRequestSchema = v.pipe(
  v.object({ title: v.optional(TitleSchema), watchLater: v.optional(v.boolean()) }),
  v.check((r) => r.title !== undefined || r.watchLater !== undefined, 'nothing to change'),
);
export type UpdateVideoRequest = v.InferOutput<typeof UpdateVideoRequestSchema>;

export const PlaylistSchema = v.object({
  id: EntityIdSchema,
  title: TitleSchema,
  inviteKey: InviteKeySchema,
  createdAt: TimestampSchema,
  /** Video ids from the owner's library, in play order; a video appears at most once. */
  items: v.pipe(v.array(EntityIdSchema), v.maxLength(MAX_PLAYLIST_ITEMS)),
});
export type Playlist = v.InferOutput<typeof PlaylistSchema>;

export const PlaylistTitleRequestSchema = v.object({ title: TitleSchema });
export const AddPlaylistItemRequestSchema = v.object({ videoId: EntityIdSchema });
/** PUT /api/playlists/:id/items: the same items in a new order (409 if the set differs). */
export const ReorderPlaylistRequestSchema = v.object({
  items: v.pipe(v.array(EntityIdSchema), v.maxLength(MAX_PLAYLIST_ITEMS)),
});

/** Everything a user keeps, newest first: what the popup shows and caches. */
export const LibrarySchema = v.object({
  videos: v.pipe(v.array(VideoSchema), v.maxLength(MAX_LIBRARY_VIDEOS)),
  playlists: v.pipe(v.array(PlaylistSchema), v.maxLength(MAX_PLAYLISTS)),
});
export type Library = v.InferOutput<typeof LibrarySchema>;

/** What POST /api/library/import did with an export file. */
export const ImportReportSchema = v.object({
  videosAdded: v.pipe(v.number(), v.safeInteger(), v.minValue(0)),
  videosAlreadySaved: v.pipe(v.number(), v.safeInteger(), v.minValue(0)),
  playlistsAdded: v.pipe(v.number(), v.safeInteger(), v.minValue(0)),
  /** Each entry left out, e.g. `{ entry: 'videos[3]', reason: 'youtubeId: invalid video id' }`. */
  skipped: v.array(v.object({ entry: v.string(), reason: v.string() })),
});
export type ImportReport = v.InferOutput<typeof ImportReportSchema>;

export const InviteLookupRequestSchema = v.object({ key: InviteKeySchema });
export const QueueItemSchema = v.object({ youtubeId: YoutubeIdSchema, title: TitleSchema });
export type QueueItem = v.InferOutput<typeof QueueItemSchema>;
export const InviteLookupResponseSchema = v.variant('kind', [
  v.object({ kind: v.literal('video'), youtubeId: YoutubeIdSchema, title: TitleSchema }),
  v.object({
    kind: v.literal('playlist'),
    title: TitleSchema,
    items: v.pipe(v.array(QueueItemSchema), v.maxLength(MAX_PLAYLIST_ITEMS)),
  }),
]);
export type InviteLookupResponse = v.InferOutput<typeof InviteLookupResponseSchema>;

/** Every refusal of the HTTP side, by its own code: the extension owns the words. */
export const ApiErrorCodeSchema = v.picklist([
  /** 400: a body that is not JSON or fails its schema (`detail` names the field). */
  'bad_request',
  /** 413: a body over `limit` bytes. */
  'payload_too_large',
  /** 401: no session, or one the relay no longer knows. */
  'session_invalid',
  /** 401 (`POST /api/session`): the identity token, or the recovery code, was refused. */
  'token_invalid',
  'token_reused',
  'recovery_invalid',
  /** 403: a page whose origin is not allowed called the API. */
  'origin_not_allowed',
  /** 403 and 401 (`/metrics`): the metrics need `METRICS_TOKEN`, or its bearer. */
  'metrics_locked',
  'unauthorized',
  /** 404: no such endpoint. */
  'not_found',
  /** 404: no such video (or playlist) of the caller's; a malformed id is answered the same. */
  'video_not_found',
  'playlist_not_found',
  /** 404: a restore of something never deleted, or deleted too long ago. */
  'nothing_to_restore',
  /** 404: an invite key that opens nothing. */
  'room_not_found',
  /** 409: a save (or restore) past `limit` videos. */
  'library_full',
  /** 409: a new (or restored) playlist past `limit` playlists. */
  'too_many_playlists',
  /** 409: an item past `limit` in one playlist. */
  'playlist_full',
  'already_in_playlist',
  /** 409: a reorder whose items are not exactly the playlist's. */
  'playlist_changed',
  /** 409: a restore of a video saved again since it was deleted. */
  'saved_again',
  /** 429: past a per-IP limit; `retryAfterS` says when to try again. */
  'rate_limited',
  /** 429: too many new identities from one address; `retryAfterS` says when to try again. */
  'too_many_identities',
  /** 503: Redis is unreachable. */
  'unavailable',
  /** 503: Redis is full and refused a write (nothing was stored). */
  'storage_full',
  /** 503 to a WebSocket upgrade: this relay node has as many sockets as it takes. */
  'node_full',
  /** 500: the relay failed for a reason of its own. */
  'internal',
]);
export type ApiErrorCode = v.InferOutput<typeof ApiErrorCodeSchema>;

/**
 * An API error answer: a code and the figures its sentence needs, never words. `detail` is for
 * people debugging a client (why a body was refused), never shown to users.
 */
export const ApiErrorSchema = v.object({
  error: v.object({
    code: ApiErrorCodeSchema,
    /** When trying again can help (rate limits). */
    retryAfterS: v.optional(v.pipe(v.number(), v.safeInteger(), v.minValue(0))),
    /** The limit that was hit (bytes of a body, videos, playlists, items of a playlist). */
    limit: v.optional(v.pipe(v.number(), v.safeInteger(), v.minValue(0))),
    detail: v.optional(v.pipe(v.string(), v.maxLength(MAX_PARSE_ERROR_CHARS))),
  }),
});
export type ApiError = v.InferOutput<typeof ApiErrorSchema>;
export type ApiErrorBody = ApiError['error'];
