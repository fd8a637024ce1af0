/**
 * What the relay needs of room chat: messages stored and published, the recent ones read back,
 * reactions published only.
 * @module
 */
import type { ChatMessage, Reaction } from '../../../shared/protocol';

/** A message to store: everything but the id, which the store assigns. */
export type NewChatMessage = Omit<ChatMessage, 'id'>;

export interface RoomChat {
  /** Stores a message and publishes it to every member of the room; returns it with its id. */
  append(rid: string, message: NewChatMessage): Promise<ChatMessage>;
  /** The room's recent messages that fit a history frame, oldest first. */
  recent(rid: string): Promise<ChatMessage[]>;
  /** Publishes a reaction to every member of the room; reactions are not stored. */
  react(rid: string, reaction: { memberId: string; name: string; emoji: Reaction }): Promise<void>;
}

/**
 * True when message id `a` comes after `b`. Ids are `ms-seq` (as Redis stream ids are), compared
 * as numbers.
 */
export function messageIdAfter(a: string, b: string): boolean {
  const [aMs = 0n, aSeq = 0n] = a.split('-').map(BigInt);
  const [bMs = 0n, bSeq = 0n] = b.split('-').map(BigInt);
  return aMs > bMs || (aMs === bMs && aSeq > bSeq);
}
