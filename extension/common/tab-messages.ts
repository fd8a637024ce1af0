/**
 * What a YouTube tab's content script and the background say to each other over their
 * `runtime.Port`, validated on arrival like every other boundary.
 * @module
 */
import * as v from 'valibot';
import {
  ChannelSchema,
  ChatMessageSchema,
  ChatTextSchema,
  CHAT_HISTORY,
  ControlActionSchema,
  InviteKeySchema,
  KnockSchema,
  MAX_KNOCKS,
  MemberInfoSchema,
  MemberIdSchema,
  MemberStatusSchema,
  NicknameSchema,
  PlayerSnapshotSchema,
  PositionSchema,
  QueueIndexSchema,
  QueueItemSchema,
  MAX_PLAYLIST_ITEMS,
  ReactionSchema,
  RateSchema,
  RevSchema,
  RoomStateSchema,
  TitleSchema,
  UnlistedSchema,
  YoutubeIdSchema,
} from '../../shared/protocol';

export const TAB_PORT_NAME = 'we-watch-tab';

/** `away`: the tab is in a room but showing another video. */
export const ConnectionStatusSchema = v.picklist([
  'connecting',
  'connected',
  'reconnecting',
  'error',
  'away',
  /** Waiting for the host to let this member in ("Only people I let in"). */
  'knocking',
]);
export type ConnectionStatus = v.InferOutput<typeof ConnectionStatusSchema>;

/** Refusals the relay answers without ending the session. */
export const TabNoticeCodeSchema = v.picklist(['host_only', 'rate_limited', 'too_long']);
export type TabNoticeCode = v.InferOutput<typeof TabNoticeCodeSchema>;

// ---------- content script → background ----------

export const TabToBackgroundSchema = v.variant('type', [
  /** Sent on connect, after every in-app navigation, and when the page turns out to be live. */
  v.object({
    type: v.literal('page'),
    youtubeId: v.nullable(YoutubeIdSchema),
    /** The page shows a live stream (no room goes on on one). */
    live: v.optional(v.boolean(), false),
  }),
  /**
   * The user clicked **Join room** on the overlay's prompt for an invite link's key. Never sent
   * for a key the page put in the URL until then: the page can set the fragment at will.
   */
  v.object({ type: v.literal('join'), inviteKey: InviteKeySchema }),
  v.object({
    type: v.literal('control'),
    baseRev: RevSchema,
    action: ControlActionSchema,
    position: PositionSchema,
    rate: RateSchema,
  }),
  v.object({ type: v.literal('ready'), holdId: v.pipe(RevSchema, v.minValue(1)) }),
  v.object({ type: v.literal('stall') }),
  v.object({ type: v.literal('nowait') }),
  /** Playlist rooms: move the room from one queue entry to another. */
  v.object({ type: v.literal('queue'), from: QueueIndexSchema, to: QueueIndexSchema }),
  /** Rooms that play one video: Play next together, from video `from` to `to` (titled `title`). */
  v.object({
    type: v.literal('move'),
    from: YoutubeIdSchema,
    to: YoutubeIdSchema,
    title: TitleSchema,
  }),
  /** Sync health; the background adds its measured round-trip time. */
  v.object({
    type: v.literal('report'),
    status: MemberStatusSchema,
    error: v.nullable(v.pipe(v.number(), v.finite())),
  }),
  v.object({ type: v.literal('leave') }),
  // Chat, reactions, nickname and host controls: passed on to the relay as they are.
  v.object({ type: v.literal('chat'), text: ChatTextSchema }),
  v.object({ type: v.literal('react'), emoji: ReactionSchema }),
  /** Also kept as the nickname for later rooms. */
  v.object({ type: v.literal('rename'), name: NicknameSchema }),
  v.object({ type: v.literal('host_only'), on: v.boolean() }),
  v.object({ type: v.literal('hand_host'), memberId: MemberIdSchema }),
  v.object({ type: v.literal('remove'), memberId: MemberIdSchema }),
  v.object({ type: v.literal('let_in_only'), on: v.boolean() }),
  v.object({ type: v.literal('let_in'), memberId: MemberIdSchema }),
  v.object({ type: v.literal('deny'), memberId: MemberIdSchema }),
]);
export type TabToBackground = v.InferOutput<typeof TabToBackgroundSchema>;

// ---------- background → content script ----------

export const RoomInfoSchema = v.object({
  key: InviteKeySchema,
  /** The video the tab should show: in a playlist room, the queue entry playing. */
  youtubeId: YoutubeIdSchema,
  title: TitleSchema,
  link: v.string(),
  /** Set in a playlist room: its queue as last read. */
  playlist: v.optional(
    v.object({
      title: TitleSchema,
      items: v.pipe(v.array(QueueItemSchema), v.maxLength(MAX_PLAYLIST_ITEMS)),
    }),
  ),
});
export type RoomInfo = v.InferOutput<typeof RoomInfoSchema>;

export const BackgroundToTabSchema = v.variant('type', [
  v.object({ type: v.literal('room'), room: RoomInfoSchema, memberId: v.string() }),
  v.object({
    type: v.literal('state'),
    state: RoomStateSchema,
    by: v.nullable(v.string()),
    /** Add to `monotonicNow()` to get relay time. */
    clockOffset: v.number(),
  }),
  v.object({ type: v.literal('clock'), clockOffset: v.number() }),
  v.object({
    type: v.literal('members'),
    members: v.array(MemberInfoSchema),
    /** "Only host controls" is on. */
    hostOnly: v.optional(v.boolean(), false),
    /** Members the list leaves out (never the host, never this member). */
    unlisted: v.optional(UnlistedSchema, 0),
    /** "Only people I let in" is on. */
    letInOnly: v.optional(v.boolean(), false),
  }),
  /** To the host's tabs: who is waiting to be let in. */
  v.object({
    type: v.literal('knocks'),
    knocks: v.pipe(v.array(KnockSchema), v.maxLength(MAX_KNOCKS)),
  }),
  /** The room's recent chat, oldest first, after every (re)join. */
  v.object({
    type: v.literal('history'),
    messages: v.pipe(v.array(ChatMessageSchema), v.maxLength(CHAT_HISTORY)),
  }),
  v.object({ type: v.literal('message'), message: ChatMessageSchema }),
  v.object({
    type: v.literal('reaction'),
    memberId: MemberIdSchema,
    name: NicknameSchema,
    emoji: ReactionSchema,
  }),
  /** Something the relay refused, to show for a moment; the room goes on. */
  v.object({
    type: v.literal('notice'),
    code: TabNoticeCodeSchema,
    message: v.string(),
  }),
  v.object({
    type: v.literal('status'),
    status: ConnectionStatusSchema,
    message: v.optional(v.string()),
  }),
  v.object({
    type: v.literal('left'),
    message: v.optional(v.string()),
    /** Stepped out, not gone: the room's video, where going back rejoins. */
    rejoin: v.optional(YoutubeIdSchema),
  }),
]);
export type BackgroundToTab = v.InferOutput<typeof BackgroundToTabSchema>;

// ---------- one-off request: background asks a tab for its player ----------

export const SnapshotRequestSchema = v.object({ type: v.literal('get-snapshot') });
export const TabSnapshotSchema = v.object({
  title: v.nullable(TitleSchema),
  /** The channel's name as the watch page shows it; null when the page does not show one. */
  channel: v.optional(v.nullable(ChannelSchema), null),
  /** The page shows a live stream: no room starts on one. */
  live: v.optional(v.boolean(), false),
  player: v.nullable(PlayerSnapshotSchema),
});
export type TabSnapshot = v.InferOutput<typeof TabSnapshotSchema>;
