/**
 * The popup's calls into the background, as one typed table: every request and its answer are
 * visible here, and both are validated where they arrive.
 * @module
 */
import * as v from 'valibot';
import { IdentityRefusalSchema } from './identity-storage';
import type { RelayErrorKind } from './relay-error';
import { ConnectionStatusSchema, RoomInfoSchema } from './tab-messages';
import { YouTubePageKindSchema } from './youtube-page-kind';
import {
  InviteKeySchema,
  RecoveryCodeSchema,
  SecretSchema,
  VideoSchema,
  YoutubeIdSchema,
} from '../../shared/protocol';

const TabIdSchema = v.pipe(v.number(), v.safeInteger(), v.minValue(0));

/** Answers carry user-facing errors instead of throwing: `sendMessage` loses thrown details. */
export type Outcome<T> =
  | { ok: true; value: T }
  /** `kind` says what kind of relay failure it was, when it was one (say, `unreachable`). */
  | { ok: false; error: string; kind?: RelayErrorKind };

export const RelayErrorKindSchema = v.picklist([
  'unreachable',
  'not_found',
  'unauthorized',
  'invalid',
  'conflict',
  'unavailable',
  'protocol',
] satisfies RelayErrorKind[]);

export const PopupStatusSchema = v.object({
  relayUrl: v.string(),
  /** Set when the relay could not be reached during this visit. */
  relayError: v.nullable(v.string()),
  /** Set when the relay refused this browser's identity: the user chooses what to do. */
  identity: v.nullable(IdentityRefusalSchema),
  tab: v.nullable(
    v.object({
      id: TabIdSchema,
      youtubeId: v.nullable(YoutubeIdSchema),
      isYouTube: v.boolean(),
      /** What the page is, for the popup to say what to do there. */
      page: YouTubePageKindSchema,
      /** On a Short: its video, which Start room opens as a watch page first. */
      shortId: v.nullable(YoutubeIdSchema),
    }),
  ),
  room: v.nullable(
    v.object({
      info: RoomInfoSchema,
      status: ConnectionStatusSchema,
      message: v.optional(v.string()),
    }),
  ),
});
export type PopupStatus = v.InferOutput<typeof PopupStatusSchema>;

/** A session the popup may use for library calls on `relayUrl`. */
export const PopupSessionSchema = v.object({ relayUrl: v.string(), session: SecretSchema });
export type PopupSession = v.InferOutput<typeof PopupSessionSchema>;

export const SavedVideoSchema = v.object({ video: VideoSchema, created: v.boolean() });
export type SavedVideo = v.InferOutput<typeof SavedVideoSchema>;

export const OpenedRoomSchema = v.object({ tabId: TabIdSchema });

export const PopupRequestSchema = v.variant('method', [
  /** A popup visit: rotates the identity token, then reports what the popup should show. */
  v.object({ method: v.literal('visit'), tabId: v.nullable(TabIdSchema) }),
  v.object({ method: v.literal('status'), tabId: v.nullable(TabIdSchema) }),
  v.object({ method: v.literal('startRoom'), tabId: TabIdSchema }),
  v.object({
    method: v.literal('joinRoom'),
    input: v.pipe(v.string(), v.maxLength(2000)),
    tabId: v.nullable(TabIdSchema),
  }),
  v.object({ method: v.literal('leaveRoom'), tabId: TabIdSchema }),
  v.object({ method: v.literal('setRelayUrl'), url: v.pipe(v.string(), v.maxLength(2000)) }),
  /**
   * A session for the popup's own library calls. Only the background spends the identity token;
   * `renew` names a session the relay refused, to be replaced (once, however many ask).
   */
  v.object({ method: v.literal('session'), renew: v.optional(SecretSchema) }),
  /** A new, empty identity on the current relay; the refused or current token is set aside. */
  v.object({ method: v.literal('startOver'), tabId: v.nullable(TabIdSchema) }),
  /** Takes the identity a recovery code belongs to (checked by the relay) as this browser's. */
  v.object({
    method: v.literal('restoreIdentity'),
    recovery: RecoveryCodeSchema,
    tabId: v.nullable(TabIdSchema),
  }),
  /** Saves the video in a YouTube tab to the library, without starting a room. */
  v.object({ method: v.literal('saveVideo'), tabId: TabIdSchema }),
  /** Opens the video (or playlist) behind an invite key in a new tab and joins its room. */
  v.object({ method: v.literal('openRoom'), key: InviteKeySchema }),
]);
export type PopupRequest = v.InferOutput<typeof PopupRequestSchema>;
export type PopupMethod = PopupRequest['method'];

/** How each request's answer value is checked where it arrives. */
export const PopupAnswerSchemas = {
  visit: PopupStatusSchema,
  status: PopupStatusSchema,
  startRoom: PopupStatusSchema,
  joinRoom: PopupStatusSchema,
  leaveRoom: PopupStatusSchema,
  setRelayUrl: PopupStatusSchema,
  session: PopupSessionSchema,
  startOver: PopupStatusSchema,
  restoreIdentity: PopupStatusSchema,
  saveVideo: SavedVideoSchema,
  openRoom: OpenedRoomSchema,
} satisfies Record<PopupMethod, v.GenericSchema>;

/** What each request answers. */
export type PopupResponses = {
  [M in PopupMethod]: Outcome<v.InferOutput<(typeof PopupAnswerSchemas)[M]>>;
};
