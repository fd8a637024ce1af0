/**
 * Which recent messages a joining member's `history` frame carries.
 * @module
 */
import { CHAT_HISTORY_BYTES, type ChatMessage } from './protocol';
import { jsonBytes } from './json-size';

/**
 * Of `newestFirst` (a room's latest messages, newest first), the newest whose JSON fits
 * `CHAT_HISTORY_BYTES` together, oldest first: the history frame then always fits what the
 * relay lets queue toward a client, whatever size the messages are.
 */
export function historyThatFits(newestFirst: readonly ChatMessage[]): ChatMessage[] {
  const kept: ChatMessage[] = [];
  let bytes = 0;
  for (const message of newestFirst) {
    // The message's JSON and the comma before it.
    bytes += jsonBytes(message) + 1;
    if (bytes > CHAT_HISTORY_BYTES) break;
    kept.push(message);
  }
  return kept.reverse();
}
