/**
 * Room chat in memory: message ids `ms-seq` increasing as a stream's do.
 * @module
 */
/* eslint-disable @typescript-eslint/require-await -- the ports are async for Redis; memory answers at once. */
import { CHAT_HISTORY, type ChatMessage, type Reaction } from '../../../shared/protocol';
import { historyThatFits } from '../../../shared/chat-history';
import type { NewChatMessage, RoomChat } from '../ports/chat';
import type { MemoryWorld } from './memory-world';

export class MemoryChat implements RoomChat {
  #lastMs = 0;
  #seq = 0;

  constructor(private readonly world: MemoryWorld) {}

  async append(rid: string, message: NewChatMessage): Promise<ChatMessage> {
    const ms = Math.max(Math.floor(message.at), this.#lastMs);
    this.#seq = ms === this.#lastMs ? this.#seq + 1 : 0;
    this.#lastMs = ms;
    const stored: ChatMessage = { id: `${ms}-${this.#seq}`, ...message };
    this.world.room(rid).chat.push(stored);
    this.world.publish(rid, { kind: 'message', message: stored });
    return stored;
  }

  async recent(rid: string): Promise<ChatMessage[]> {
    const newestFirst = this.world.room(rid).chat.slice(-CHAT_HISTORY).reverse();
    return historyThatFits(newestFirst);
  }

  async react(
    rid: string,
    reaction: { memberId: string; name: string; emoji: Reaction },
  ): Promise<void> {
    this.world.publish(rid, { kind: 'reaction', ...reaction });
  }
}
