/**
 * The We Watch wire protocol, typed once: valibot schemas for every relay frame and API body,
 * with the TypeScript types inferred from them. Both ends parse everything they receive with these.
 * @module
 */
import * as v from 'valibot';
import { INVITE_KEY_PATTERN } from './invite-key';
import { jsonBytes } from './json-size';
import { YOUTUBE_ID_PATTERN } from './youtube-id';

/** Bumped on any incompatible change; the relay refuses other versions with `UNSUPPORTED_VERSION`. */
export const PROTOCOL_VERSION = 1;

/**
 * Largest frame a client may send: the relay's `maxPayload` (a bigger frame closes the socket with
 * 1009). The largest legal client frame, a chat message at `MAX_CHAT_BYTES`, fits with room.
 */
export const MAX_FRAME_BYTES = 8192;

/**
 * Largest frame the relay sends: a welcome or member list of 64 members with the longest names
 * (`shared/frame-limits.test.ts` builds the largest legal frame of every type against these).
 */
export const MAX_SERVER_FRAME_BYTES = 65_536;

/** Largest API request body the relay reads. */
export const MAX_BODY_BYTES = 8192;

/** Application close codes (4000–4999 are ours by RFC 6455). */
export const CloseCode = {
  /** Not JSON, or not a valid frame for this protocol. */
  BAD_FRAME: 4000,
  UNSUPPORTED_VERSION: 4001,
  /** No `hello` within the handshake deadline. */
  HANDSHAKE_TIMEOUT: 4002,
  /** Unknown invite key, and a wrong one: the two look the same on purpose. */
  ROOM_NOT_FOUND: 4004,
  RATE_LIMITED: 4008,
  /** The host removed this member; rejoining is refused for a while. */
  REMOVED: 4010,
  /** The room has as many members as the relay allows (`MAX_ROOM_MEMBERS`). */
  ROOM_FULL: 4011,
  /** The host did not let this joiner in ("Only people I let in"), or nobody answered in time. */
  DENIED: 4012,
  /** The relay is shutting down; reconnect. */
  GOING_AWAY: 1001,
  /** Set by `ws` itself for frames over `MAX_FRAME_BYTES`. */
  TOO_BIG: 1009,
  /**
   * Set by `ws` itself for a text frame that is not UTF-8 (RFC 6455 requires the close). No
   * browser sends one; only a hand-made client can.
   */
  NOT_UTF8: 1007,
} as const;
export type CloseCode = (typeof CloseCode)[keyof typeof CloseCode];

/** Close codes after which reconnecting cannot help. */
export const FATAL_CLOSE_CODES: readonly number[] = [
  CloseCode.BAD_FRAME,
  CloseCode.UNSUPPORTED_VERSION,
  CloseCode.ROOM_NOT_FOUND,
  CloseCode.REMOVED,
  CloseCode.ROOM_FULL,
  CloseCode.DENIED,
];

// ---------- building blocks ----------

export const InviteKeySchema = v.pipe(
  v.string(),
  v.regex(INVITE_KEY_PATTERN, 'invalid invite key'),
);
export const YoutubeIdSchema = v.pipe(
  v.string(),
  v.regex(YOUTUBE_ID_PATTERN, 'invalid YouTube id'),
);
/** 256-bit secrets (identity tokens, sessions) as base64url. */
export const SecretSchema = v.pipe(v.string(), v.regex(/^[A-Za-z0-9_-]{43}$/, 'invalid token'));
/** Seconds into the video. */
export const PositionSchema = v.pipe(v.number(), v.finite(), v.minValue(0), v.maxValue(1e6));
/** YouTube's own speed range. */
export const RateSchema = v.pipe(v.number(), v.finite(), v.minValue(0.25), v.maxValue(2));
export const RevSchema = v.pipe(v.number(), v.safeInteger(), v.minValue(0));
/** The most videos one playlist holds. */
export const MAX_PLAYLIST_ITEMS = 200;
/** A position in a playlist's queue, from 0. */
export const QueueIndexSchema = v.pipe(
  v.number(),
  v.safeInteger(),
  v.minValue(0),
  v.maxValue(MAX_PLAYLIST_ITEMS - 1),
);
/** Milliseconds on some clock; finite, never negative. */
export const TimestampSchema = v.pipe(v.number(), v.finite(), v.minValue(0));
export const TitleSchema = v.pipe(v.string(), v.trim(), v.minLength(1), v.maxLength(200));
/** The relay issues member ids as hex; letters, digits, `_` and `-` keep their JSON unescaped. */
export const MemberIdSchema = v.pipe(
  v.string(),
  v.minLength(1),
  v.maxLength(64),
  v.regex(/^[\w-]+$/, 'invalid member id'),
);
export const NicknameSchema = v.pipe(v.string(), v.trim(), v.minLength(1), v.maxLength(40));

/** How long the room waits, at most, for members after a seek, and for a member who stalls. */
export const SEEK_HOLD_CAP_MS = 5000;
export const STALL_HOLD_CAP_MS = 15_000;
/** How long a playlist room waits, at most, for everyone to load its next video. */
export const LOAD_HOLD_CAP_MS = 10_000;
/** A stall shorter than this is absorbed locally; a longer one makes the room wait. */
export const STALL_REPORT_AFTER_MS = 1500;
/** The longest lead a scheduled start may have. */
export const MAX_START_LEAD_MS = 600;

/**
 * The room holding on `position` until the members it waits for are ready (after a seek, for a
 * member who stalled, or for everyone to load a playlist's next video), or until `deadline`; then
 * the relay schedules the start.
 */
export const HoldSchema = v.object({
  /** The rev that created this hold; `ready` and `nowait` name it. */
  id: v.pipe(RevSchema, v.minValue(1)),
  reason: v.picklist(['seek', 'buffering', 'load']),
  waitingFor: v.pipe(v.array(MemberIdSchema), v.maxLength(64)),
  /** Relay time (ms) at which the room goes on whatever happens. */
  deadline: TimestampSchema,
});
export type Hold = v.InferOutput<typeof HoldSchema>;

/** What a member's player is doing, as it reports it. */
export const MemberStatusSchema = v.picklist([
  'in_sync',
  'syncing',
  'buffering',
  'ad',
  'away',
  'blocked',
]);
export type MemberStatus = v.InferOutput<typeof MemberStatusSchema>;

export const MemberInfoSchema = v.object({
  id: MemberIdSchema,
  name: NicknameSchema,
  /** The room's host (its creator, or whom host was handed to). */
  host: v.boolean(),
  status: MemberStatusSchema,
  /** Seconds ahead (+) or behind (−) the room's timeline, as last reported; null if unknown. */
  error: v.nullable(v.pipe(v.number(), v.finite())),
});
export type MemberInfo = v.InferOutput<typeof MemberInfoSchema>;

/**
 * The authoritative timeline of a room. `at` is relay time in ms: while playing, the expected
 * position at relay time `t` is `position + (t - at) / 1000 * rate`. `rev` only goes up.
 */
export const RoomStateSchema = v.object({
  rev: v.pipe(RevSchema, v.minValue(1)),
  videoId: YoutubeIdSchema,
  /** In a playlist room, the queue entry playing (`videoId` is its video); null otherwise. */
  item: v.nullable(QueueIndexSchema),
  playing: v.boolean(),
  position: PositionSchema,
  rate: RateSchema,
  at: TimestampSchema,
  /** While set, everyone holds on `position`; `playing` says what happens after. */
  hold: v.nullable(HoldSchema),
});
export type RoomState = v.InferOutput<typeof RoomStateSchema>;

/** What a player looks like right now, as a room creator offers it. */
export const PlayerSnapshotSchema = v.object({
  playing: v.boolean(),
  position: PositionSchema,
  rate: RateSchema,
});
export type PlayerSnapshot = v.InferOutput<typeof PlayerSnapshotSchema>;

export const ControlActionSchema = v.picklist(['play', 'pause', 'seek', 'rate']);
export type ControlAction = v.InferOutput<typeof ControlActionSchema>;

// ---------- chat, reactions, host ----------

/** A chat message's longest text, in characters as people count them (graphemes). */
export const MAX_CHAT_CHARS = 500;
/**
 * A chat message's longest text in bytes as it travels: UTF-8, with JSON's escapes (`chatBytes`).
 * 500 emoji of about 11 bytes each fit; so do the `chat` frame and the relay's `message` frame
 * carrying it, within `MAX_FRAME_BYTES`. Without it, a message of 500 long emoji overflowed the
 * frame limit and the socket was closed, losing the message.
 */
export const MAX_CHAT_BYTES = 6000;
/** How many recent messages a room keeps and a joining member is sent. */
export const CHAT_HISTORY = 100;
/**
 * The most bytes of messages a joining member's `history` holds: of the last `CHAT_HISTORY`
 * messages, as many of the newest as fit. Without it, 100 maximum-size messages made the history
 * frame larger than the relay lets queue toward a client, and every joiner was cut off.
 */
export const CHAT_HISTORY_BYTES = 48 * 1024;

/** A chat text's size on the wire: its UTF-8 bytes, JSON escapes included, quotes not. */
export function chatBytes(text: string): number {
  return jsonBytes(text) - 2;
}

/** Text as a member may send it (the frame limit bounds it); the relay then checks the limits. */
export const ChatDraftSchema = v.pipe(v.string(), v.trim(), v.minLength(1, 'empty message'));
export const ChatTextSchema = v.pipe(
  ChatDraftSchema,
  v.maxGraphemes(MAX_CHAT_CHARS, `Messages are limited to ${MAX_CHAT_CHARS} characters`),
  v.check(
    (text) => chatBytes(text) <= MAX_CHAT_BYTES,
    'This message is too long: emoji and some scripts take several bytes each, and a message ' +
      `is limited to ${MAX_CHAT_BYTES} bytes`,
  ),
);
/** The reactions members can send; they float over the video for everyone. */
export const REACTIONS = ['👍', '😂', '😮', '😢', '❤️', '🔥'] as const;
export const ReactionSchema = v.picklist(REACTIONS);
export type Reaction = v.InferOutput<typeof ReactionSchema>;

export const ChatMessageSchema = v.object({
  /** The stream entry id: unique in the room, increasing. */
  id: v.pipe(v.string(), v.regex(/^\d{1,20}-\d{1,20}$/)),
  memberId: MemberIdSchema,
  name: NicknameSchema,
  text: ChatTextSchema,
  /** Relay time (ms since the epoch) it was sent. */
  at: TimestampSchema,
});
export type ChatMessage = v.InferOutput<typeof ChatMessageSchema>;

// ---------- client → relay ----------

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
export type ChatFrame = v.InferOutput<typeof ChatSchema>;
export type ReactFrame = v.InferOutput<typeof ReactSchema>;

// ---------- relay → client ----------

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
  /** The host did not let this joiner in, or nobody answered in time. */
  'denied',
]);
export type ErrorCode = v.InferOutput<typeof ErrorCodeSchema>;

/** An error frame's longest message (a frame parse error is cut to `MAX_PARSE_ERROR_CHARS`). */
export const MAX_ERROR_MESSAGE_CHARS = 500;
export const MAX_PARSE_ERROR_CHARS = 200;

export const ErrorFrameSchema = v.object({
  type: v.literal('error'),
  code: ErrorCodeSchema,
  message: v.pipe(v.string(), v.maxLength(MAX_ERROR_MESSAGE_CHARS)),
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

// ---------- HTTP API (/api) ----------

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

// ---------- parsing ----------

export type Parsed<T> = { ok: true; value: T } | { ok: false; error: string };

/** Parses one text frame with a schema; never throws. */
export function parseFrame<T extends v.GenericSchema>(
  schema: T,
  text: string,
): Parsed<v.InferOutput<T>> {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    return { ok: false, error: 'not JSON' };
  }
  const result = v.safeParse(schema, json);
  if (result.success) return { ok: true, value: result.output };
  const issue = result.issues[0];
  const path = issue.path?.map((p) => String(p.key)).join('.') ?? '';
  const error = path ? `${path}: ${issue.message}` : issue.message;
  // Issue messages quote what was received: cut, so that an answer never echoes a whole frame.
  const chars = [...error];
  return {
    ok: false,
    error:
      chars.length > MAX_PARSE_ERROR_CHARS
        ? `${chars.slice(0, MAX_PARSE_ERROR_CHARS - 1).join('')}…`
        : error,
  };
}
