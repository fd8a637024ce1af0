/**
 * The building blocks of frames: ids, positions, rates, holds, members and the room's state.
 * @module
 */
import * as v from 'valibot';
import { INVITE_KEY_PATTERN } from '../invite-key';
import { MAX_HOLD_WAITING, MAX_POSITION, MAX_RATE, MIN_RATE } from '../timeline-limits';
import { YOUTUBE_ID_PATTERN } from '../youtube-id';

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
export const PositionSchema = v.pipe(
  v.number(),
  v.finite(),
  v.minValue(0),
  v.maxValue(MAX_POSITION),
);
/** YouTube's own speed range. */
export const RateSchema = v.pipe(
  v.number(),
  v.finite(),
  v.minValue(MIN_RATE),
  v.maxValue(MAX_RATE),
);
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

/**
 * The room holding on `position` until the members it waits for are ready (after a seek, for a
 * member who stalled, or for everyone to load a playlist's next video), or until `deadline`; then
 * the relay schedules the start.
 */
export const HoldSchema = v.object({
  /** The rev that created this hold; `ready` and `nowait` name it. */
  id: v.pipe(RevSchema, v.minValue(1)),
  reason: v.picklist(['seek', 'buffering', 'load']),
  waitingFor: v.pipe(v.array(MemberIdSchema), v.maxLength(MAX_HOLD_WAITING)),
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
  /** YouTube will not play the video to this member (its country, age, privacy, membership). */
  'unavailable',
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
  /**
   * Set once a room that plays one video has been moved to another (Play next together): that
   * video's title as the member who moved it saw it. Absent otherwise: the invite or the
   * playlist names the video.
   */
  title: v.optional(TitleSchema),
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
