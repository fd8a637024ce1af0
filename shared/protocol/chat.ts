/**
 * Chat messages and reactions: their limits, their size on the wire and their schemas.
 * @module
 */
import * as v from 'valibot';
import { jsonBytes } from '../json-size';
import { MemberIdSchema, NicknameSchema, TimestampSchema } from './values';

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
