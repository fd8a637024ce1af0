/**
 * The popup's calls into the background, as one typed table: every request and its answer are
 * visible here, and both are validated where they arrive.
 * @module
 */
import * as v from 'valibot';
import { ConnectionStatusSchema, RoomInfoSchema } from './tab-messages';
import { YoutubeIdSchema } from '../../shared/protocol';

const TabIdSchema = v.pipe(v.number(), v.safeInteger(), v.minValue(0));

/** Answers carry user-facing errors instead of throwing: `sendMessage` loses thrown details. */
export type Outcome<T> = { ok: true; value: T } | { ok: false; error: string };

export const PopupStatusSchema = v.object({
  relayUrl: v.string(),
  /** Set when the relay could not be reached during this visit. */
  relayError: v.nullable(v.string()),
  tab: v.nullable(
    v.object({ id: TabIdSchema, youtubeId: v.nullable(YoutubeIdSchema), isYouTube: v.boolean() }),
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
]);
export type PopupRequest = v.InferOutput<typeof PopupRequestSchema>;

/** What each request answers. */
export interface PopupResponses {
  visit: Outcome<PopupStatus>;
  status: Outcome<PopupStatus>;
  startRoom: Outcome<PopupStatus>;
  joinRoom: Outcome<PopupStatus>;
  leaveRoom: Outcome<PopupStatus>;
  setRelayUrl: Outcome<PopupStatus>;
}
