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

export const ApiErrorSchema = v.object({
  error: v.object({ code: v.string(), message: v.string() }),
});
export type ApiError = v.InferOutput<typeof ApiErrorSchema>;
