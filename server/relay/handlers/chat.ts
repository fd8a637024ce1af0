/**
 * Chat messages and reactions.
 * @module
 */
import * as v from 'valibot';
import {
  ChatTextSchema,
  MAX_CHAT_BYTES,
  MAX_CHAT_CHARS,
  type ChatFrame,
  type ReactFrame,
} from '../../../shared/protocol';
import { failOnError } from '../failure';
import type { Handler } from './handler';

/**
 * Stored and published to everyone (its sender too) unless it is too long or the member is over
 * its budget, which it is told. The text goes out exactly as the member sent it (trimmed).
 */
export const chat: Handler<ChatFrame> = {
  audience: 'joined',
  async handle(ctx, connection, frame) {
    const { room, profile } = connection;
    if (!room || !profile) return;
    const checked = v.safeParse(ChatTextSchema, frame.text);
    if (!checked.success) {
      // Answered, not closed: a message the sender's counter let through must not cost the room.
      // The limit says which one it broke: characters, or bytes.
      const tooManyChars = checked.issues[0].type === 'max_graphemes';
      connection.refuse({
        code: 'too_long',
        limit: tooManyChars ? MAX_CHAT_CHARS : MAX_CHAT_BYTES,
      });
      return;
    }
    if (!connection.budget.mayChat()) {
      connection.refuse({ code: 'rate_limited' });
      return;
    }
    try {
      await ctx.deps.chat.append(room.rid, {
        memberId: connection.memberId,
        name: profile.name,
        text: checked.output,
        at: Math.round(ctx.deps.clock.now()),
      });
    } catch (error) {
      failOnError(ctx, connection, error, 'chat_failed');
    }
  },
};

/** A reaction for everyone; over the member's budget it is dropped without a word. */
export const react: Handler<ReactFrame> = {
  audience: 'joined',
  async handle(ctx, connection, frame) {
    const { room, profile } = connection;
    if (!room || !profile || !connection.budget.mayReact()) return;
    try {
      await ctx.deps.chat.react(room.rid, {
        memberId: connection.memberId,
        name: profile.name,
        emoji: frame.emoji,
      });
    } catch (error) {
      failOnError(ctx, connection, error, 'react_failed');
    }
  },
};
