/**
 * Frames the relay sends to a client.
 * @module
 */
import * as v from 'valibot';
import { CHAT_HISTORY, ChatMessageSchema, ReactionSchema } from './chat';
import { PROTOCOL_VERSION } from './limits';
import {
  MemberIdSchema,
  MemberInfoSchema,
  NicknameSchema,
  RoomStateSchema,
  TimestampSchema,
  TitleSchema,
  YoutubeIdSchema,
} from './values';

/** How many members a list left out. */
export const UnlistedSchema = v.pipe(v.number(), v.safeInteger(), v.minValue(0));

export const WelcomeSchema = v.object({
  type: v.literal('welcome'),
  v: v.literal(PROTOCOL_VERSION),
  memberId: v.pipe(v.string(), v.minLength(1), v.maxLength(64)),
  video: v.object({ youtubeId: YoutubeIdSchema, title: TitleSchema }),
  state: RoomStateSchema,
  members: v.pipe(v.array(MemberInfoSchema), v.maxLength(64)),
  /** Members left out of `members` to keep the frame small (never the host, never you). */
  unlisted: v.optional(UnlistedSchema, 0),
  /** "Only host controls": playback changes from anyone but the host are refused. */
  hostOnly: v.boolean(),
  /** "Only people I let in": joiners wait until the host lets them in. */
  letInOnly: v.optional(v.boolean(), false),
  /** How often the relay re-sends the state; a silence of twice this means the link is dead. */
  heartbeatMs: v.pipe(v.number(), v.safeInteger(), v.minValue(1)),
});

export const StateSchema = v.object({
  type: v.literal('state'),
  state: RoomStateSchema,
  /** The member whose action made this state; null for heartbeats and relay decisions. */
  by: v.nullable(MemberIdSchema),
});

/** Who is in the room and how they are doing; sent when it changes. */
export const MembersSchema = v.object({
  type: v.literal('members'),
  members: v.pipe(v.array(MemberInfoSchema), v.maxLength(64)),
  hostOnly: v.boolean(),
  /** Members left out of `members` to keep the frame small (never the host, never you). */
  unlisted: v.optional(UnlistedSchema, 0),
  /** "Only people I let in": joiners wait until the host lets them in. */
  letInOnly: v.optional(v.boolean(), false),
});

/** The most joiners a room keeps waiting for the host at once. */
export const MAX_KNOCKS = 20;

/**
 * To a joiner, instead of the welcome, and again every heartbeat while it waits: the room lets
 * in only the people its host lets in, and the host has been asked.
 */
export const KnockingSchema = v.object({ type: v.literal('knocking') });

/** A joiner waiting to be let in, as the host sees it. */
export const KnockSchema = v.object({ id: MemberIdSchema, name: NicknameSchema });
export type Knock = v.InferOutput<typeof KnockSchema>;

/** To the host: who is waiting to be let in, oldest first (empty for everyone else). */
export const KnocksSchema = v.object({
  type: v.literal('knocks'),
  knocks: v.pipe(v.array(KnockSchema), v.maxLength(MAX_KNOCKS)),
});

/** The room's recent chat, oldest first; sent right after the welcome. */
export const HistorySchema = v.object({
  type: v.literal('history'),
  messages: v.pipe(v.array(ChatMessageSchema), v.maxLength(CHAT_HISTORY)),
});

/** A new chat message, to everyone in the room (its sender too: that is its confirmation). */
export const ChatMessageFrameSchema = v.object({
  type: v.literal('message'),
  message: ChatMessageSchema,
});

export const ReactionFrameSchema = v.object({
  type: v.literal('reaction'),
  memberId: MemberIdSchema,
  name: NicknameSchema,
  emoji: ReactionSchema,
});

export const PongSchema = v.object({
  type: v.literal('pong'),
  id: v.pipe(v.number(), v.safeInteger(), v.minValue(0)),
  t0: TimestampSchema,
  /** Relay receive and send times, relay clock. */
  t1: TimestampSchema,
  t2: TimestampSchema,
});

export const ErrorCodeSchema = v.picklist([
  'bad_frame',
  'unsupported_version',
  'handshake_timeout',
  'room_not_found',
  'rate_limited',
  'unavailable',
  /** A playback change or host action refused: "Only the host can control playback". */
  'host_only',
  'removed',
  /** Redis refused a write because its memory is full (nothing was stored); try again later. */
  'storage_full',
  /** A chat message over `MAX_CHAT_CHARS` or `MAX_CHAT_BYTES`; the socket stays open. */
  'too_long',
  /** The room has as many members as the relay allows. */
  'room_full',
  /** The host did not let this joiner in. */
  'denied',
  /** Nobody let this joiner in in time. */
  'knock_timeout',
  /** Too many joiners are already waiting to be let in. */
  'knocks_full',
  /** A frame other than hello or ping before the welcome, or a second hello. */
  'not_joined',
  'already_joined',
  /** A host action on a member who has left. */
  'no_member',
  /** Host handed to a guest, who has no identity to hold it with. */
  'no_identity',
  'cannot_remove_self',
  'cannot_remove_owner',
  /** A queue move in a room that plays one video. */
  'not_playlist',
  /** The room's playlist was deleted, or the entry asked for is gone. */
  'playlist_gone',
  'no_entry',
  /** A playlist invite whose playlist has no videos yet. */
  'playlist_empty',
  /** The relay failed for a reason of its own (not Redis being away). */
  'internal_error',
]);
export type ErrorCode = v.InferOutput<typeof ErrorCodeSchema>;

/** An error frame's longest `detail` (a frame parse error is cut to this). */
export const MAX_PARSE_ERROR_CHARS = 200;

/**
 * A refusal, as a code: the extension owns the words. The optional fields carry the figures a
 * sentence needs; `detail` is for people debugging a client (the part of a frame that failed
 * validation), never shown to users.
 */
export const ErrorFrameSchema = v.object({
  type: v.literal('error'),
  code: ErrorCodeSchema,
  /** When trying again can help (rate limits, removals). */
  retryAfterS: v.optional(v.pipe(v.number(), v.safeInteger(), v.minValue(0))),
  /** The limit that was hit (members of a room). */
  limit: v.optional(v.pipe(v.number(), v.safeInteger(), v.minValue(0))),
  /** `unsupported_version`: the protocol version this relay speaks. */
  version: v.optional(v.pipe(v.number(), v.safeInteger(), v.minValue(0))),
  /** `removed`: whether this user was removed, or someone on their network address. */
  by: v.optional(v.picklist(['user', 'address'])),
  detail: v.optional(v.pipe(v.string(), v.maxLength(MAX_PARSE_ERROR_CHARS))),
});

export const ServerFrameSchema = v.variant('type', [
  WelcomeSchema,
  StateSchema,
  MembersSchema,
  PongSchema,
  ErrorFrameSchema,
  HistorySchema,
  ChatMessageFrameSchema,
  ReactionFrameSchema,
  KnockingSchema,
  KnocksSchema,
]);
export type ServerFrame = v.InferOutput<typeof ServerFrameSchema>;
export type WelcomeFrame = v.InferOutput<typeof WelcomeSchema>;
export type StateFrame = v.InferOutput<typeof StateSchema>;
export type MembersFrame = v.InferOutput<typeof MembersSchema>;
export type PongFrame = v.InferOutput<typeof PongSchema>;
export type ErrorFrame = v.InferOutput<typeof ErrorFrameSchema>;
export type HistoryFrame = v.InferOutput<typeof HistorySchema>;
export type ChatMessageFrame = v.InferOutput<typeof ChatMessageFrameSchema>;
export type ReactionFrame = v.InferOutput<typeof ReactionFrameSchema>;
