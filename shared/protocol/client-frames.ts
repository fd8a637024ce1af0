/**
 * Frames a client sends to the relay.
 * @module
 */
import * as v from 'valibot';
import { ChatDraftSchema, ReactionSchema } from './chat';
import {
  ControlActionSchema,
  InviteKeySchema,
  MemberIdSchema,
  MemberStatusSchema,
  NicknameSchema,
  PlayerSnapshotSchema,
  PositionSchema,
  QueueIndexSchema,
  RateSchema,
  RevSchema,
  SecretSchema,
  TimestampSchema,
  TitleSchema,
  YoutubeIdSchema,
} from './values';

export const HelloSchema = v.object({
  type: v.literal('hello'),
  v: v.pipe(v.number(), v.safeInteger()),
  key: InviteKeySchema,
  /** The creator's player, used only when the room has no timeline yet. */
  initial: v.optional(PlayerSnapshotSchema),
  name: v.optional(NicknameSchema),
  /**
   * The member's API session: tells the relay which user this is, so host and removal follow the
   * user across reconnects. Without one the member can be neither host nor kept out.
   */
  session: v.optional(SecretSchema),
});

export const ControlSchema = v.object({
  type: v.literal('control'),
  /** The `rev` this change was made against; the relay drops it if the room has moved on. */
  baseRev: RevSchema,
  action: ControlActionSchema,
  position: PositionSchema,
  rate: RateSchema,
});

export const PingSchema = v.object({
  type: v.literal('ping'),
  id: v.pipe(v.number(), v.safeInteger(), v.minValue(0)),
  /** Client send time on its monotonic clock. */
  t0: TimestampSchema,
});

/** "I am on the hold's position and can play." */
export const ReadySchema = v.object({
  type: v.literal('ready'),
  holdId: v.pipe(RevSchema, v.minValue(1)),
});

/** "My player has stalled for longer than STALL_REPORT_AFTER_MS: wait for me." */
export const StallSchema = v.object({ type: v.literal('stall') });

/** "Don't wait for me": the room goes on without this member. */
export const NoWaitSchema = v.object({ type: v.literal('nowait') });

/**
 * Playlist rooms: "move the room from queue entry `from` to entry `to`" (next, previous, a pick,
 * or the video having ended). Applied only while the room is still on `from`, so several members
 * reaching the end together move it once.
 */
export const QueueSchema = v.object({
  type: v.literal('queue'),
  from: QueueIndexSchema,
  to: QueueIndexSchema,
});

/**
 * A room that plays one video: "move the room from video `from` to video `to`, titled `title`"
 * (Play next together, at the end). Applied only while the room is still on `from`, so two
 * members pressing it at once move it once.
 */
export const MoveSchema = v.object({
  type: v.literal('move'),
  from: YoutubeIdSchema,
  to: YoutubeIdSchema,
  title: TitleSchema,
});

/**
 * A chat message (rate-limited per member: too fast answers `rate_limited`). Its text is checked
 * against `ChatTextSchema` by the relay, which answers `too_long` and keeps the socket open.
 */
export const ChatSchema = v.object({ type: v.literal('chat'), text: ChatDraftSchema });

/** A reaction for everyone (rate-limited per member; extra ones are dropped). */
export const ReactSchema = v.object({ type: v.literal('react'), emoji: ReactionSchema });

/** A new nickname for this member. */
export const RenameSchema = v.object({ type: v.literal('rename'), name: NicknameSchema });

/** Host only: turn "Only host controls" on or off. */
export const HostOnlySchema = v.object({ type: v.literal('host_only'), on: v.boolean() });

/** Host only: make another member the host. */
export const HandHostSchema = v.object({ type: v.literal('hand_host'), memberId: MemberIdSchema });

/** Host only: remove a member from the room (it cannot rejoin for a while). */
export const RemoveMemberSchema = v.object({ type: v.literal('remove'), memberId: MemberIdSchema });

/** Host only: turn "Only people I let in" on or off (joiners then knock and wait). */
export const LetInOnlySchema = v.object({ type: v.literal('let_in_only'), on: v.boolean() });

/** Host only: let a joiner who is knocking into the room. */
export const LetInSchema = v.object({ type: v.literal('let_in'), memberId: MemberIdSchema });

/** Host only: turn a joiner who is knocking away (kept out for a while, as a removal). */
export const DenySchema = v.object({ type: v.literal('deny'), memberId: MemberIdSchema });

/** Sync health, about once a second. */
export const ReportSchema = v.object({
  type: v.literal('report'),
  status: MemberStatusSchema,
  /** Seconds ahead (+) or behind (−) the timeline; null when not measurable (paused, ad). */
  error: v.nullable(v.pipe(v.number(), v.finite(), v.minValue(-1e5), v.maxValue(1e5))),
  /** The member's best round-trip time to the relay, ms. */
  rtt: v.pipe(v.number(), v.finite(), v.minValue(0), v.maxValue(60_000)),
});

export const ClientFrameSchema = v.variant('type', [
  HelloSchema,
  ControlSchema,
  PingSchema,
  ReadySchema,
  StallSchema,
  NoWaitSchema,
  QueueSchema,
  MoveSchema,
  ReportSchema,
  ChatSchema,
  ReactSchema,
  RenameSchema,
  HostOnlySchema,
  HandHostSchema,
  RemoveMemberSchema,
  LetInOnlySchema,
  LetInSchema,
  DenySchema,
]);
export type ClientFrame = v.InferOutput<typeof ClientFrameSchema>;
export type HelloFrame = v.InferOutput<typeof HelloSchema>;
export type ControlFrame = v.InferOutput<typeof ControlSchema>;
export type PingFrame = v.InferOutput<typeof PingSchema>;
export type ReadyFrame = v.InferOutput<typeof ReadySchema>;
export type ReportFrame = v.InferOutput<typeof ReportSchema>;
export type QueueFrame = v.InferOutput<typeof QueueSchema>;
export type MoveFrame = v.InferOutput<typeof MoveSchema>;
export type ChatFrame = v.InferOutput<typeof ChatSchema>;
export type ReactFrame = v.InferOutput<typeof ReactSchema>;
