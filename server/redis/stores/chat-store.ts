/**
 * Room chat and reactions: messages in `room:{rid}:chat`, a capped stream whose entry ids are the
 * message ids; both published on the room's channel for every node's members.
 * @module
 */
import type { Redis } from 'ioredis';
import * as v from 'valibot';
import {
  CHAT_HISTORY,
  ChatMessageSchema,
  type ChatMessage,
  type Reaction,
} from '../../../shared/protocol';
import { historyThatFits } from '../../../shared/chat-history';
import type { RoomBroadcast } from '../../relay/ports/bus';
import { LuaScript } from '../lua-script';
import type { RedisKeys } from '../keys';
import type { NewChatMessage, RoomChat } from '../../relay/ports/chat';
import { ROOM_TTL_S } from './room-store';

/** About how many messages a room keeps (`MAXLEN ~`: at least this many, trimmed in chunks). */
const CHAT_KEPT = 2 * CHAT_HISTORY;

/**
 * Stores a message and publishes it. KEYS[1] the chat stream; ARGV: channel, ttl (s), kept
 * (approximate MAXLEN), memberId, name, text, at, then the message as JSON without its id and
 * braces. Returns the new entry's id.
 */
const APPEND_MESSAGE = new LuaScript(`
local id = redis.call('XADD', KEYS[1], 'MAXLEN', '~', ARGV[3], '*',
  'memberId', ARGV[4], 'name', ARGV[5], 'text', ARGV[6], 'at', ARGV[7])
redis.call('EXPIRE', KEYS[1], ARGV[2])
redis.call('PUBLISH', ARGV[1], '{"kind":"message","message":{"id":"' .. id .. '",' .. ARGV[8] .. '}}')
return id
`);

/** Reads and writes room chats, and sends reactions. */
export class ChatStore implements RoomChat {
  constructor(
    private readonly redis: Redis,
    private readonly keys: RedisKeys,
  ) {}

  /**
   * Stores a message (the text as sent: it is never escaped nor interpreted) and publishes it to
   * every member of the room. Returns it with its id.
   */
  async append(rid: string, message: NewChatMessage): Promise<ChatMessage> {
    // The stream stores UTF-8, which has no lone surrogates: repair them so that what is stored
    // and what is published read the same.
    const stored: NewChatMessage = {
      memberId: message.memberId,
      name: message.name.toWellFormed(),
      text: message.text.toWellFormed(),
      at: message.at,
    };
    const fields = JSON.stringify(stored).slice(1, -1);
    const id = await APPEND_MESSAGE.run(
      this.redis,
      [this.keys.roomChat(rid)],
      [
        this.keys.roomChannel(rid),
        ROOM_TTL_S,
        CHAT_KEPT,
        stored.memberId,
        stored.name,
        stored.text,
        stored.at,
        fields,
      ],
    );
    return { id: String(id), ...stored };
  }

  /**
   * Of the room's last `count` messages, the newest that fit `CHAT_HISTORY_BYTES`, oldest first;
   * unreadable entries are left out.
   */
  async recent(rid: string, count = CHAT_HISTORY): Promise<ChatMessage[]> {
    const entries = await this.redis.xrevrange(this.keys.roomChat(rid), '+', '-', 'COUNT', count);
    const newestFirst: ChatMessage[] = [];
    for (const [id, flat] of entries) {
      const fields: Record<string, string> = {};
      for (let i = 0; i + 1 < flat.length; i += 2) fields[flat[i] ?? ''] = flat[i + 1] ?? '';
      const parsed = v.safeParse(ChatMessageSchema, {
        id,
        memberId: fields.memberId,
        name: fields.name,
        text: fields.text,
        at: Number(fields.at),
      });
      if (parsed.success) newestFirst.push(parsed.output);
    }
    return historyThatFits(newestFirst);
  }

  /** Sends a reaction to every member of the room; reactions are not stored. */
  async react(
    rid: string,
    reaction: { memberId: string; name: string; emoji: Reaction },
  ): Promise<void> {
    const event: RoomBroadcast = {
      kind: 'reaction',
      ...reaction,
      name: reaction.name.toWellFormed(),
    };
    await this.redis.publish(this.keys.roomChannel(rid), JSON.stringify(event));
  }
}
