/**
 * Protocol version, frame and body sizes, and close codes: the numbers both ends agree on.
 * @module
 */

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
