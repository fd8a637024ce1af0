/**
 * How much room a chat draft has left under the relay's two limits, characters and bytes, as the
 * chat field's counter says it.
 * @module
 */
import { chatBytes, MAX_CHAT_BYTES, MAX_CHAT_CHARS } from '../../shared/protocol';
import { chatLength } from './chat-log';

/** The counter shows once a limit has this share of it left. */
const COUNTER_FROM_SHARE = 0.2;

export interface ChatRoomLeft {
  /** Over either limit: the relay would refuse it, so it cannot be sent. */
  tooLong: boolean;
  /** What the counter says; empty while both limits are far off. */
  counter: string;
}

/**
 * What is left of the limit that bites first (the one with the smaller share left): characters
 * for most text, bytes for emoji and scripts whose characters take several bytes each.
 */
export function chatRoomLeft(text: string): ChatRoomLeft {
  const charsLeft = MAX_CHAT_CHARS - chatLength(text);
  const bytesLeft = MAX_CHAT_BYTES - chatBytes(text);
  const tooLong = charsLeft < 0 || bytesLeft < 0;
  const bytesBite = bytesLeft / MAX_CHAT_BYTES < charsLeft / MAX_CHAT_CHARS;
  const share = bytesBite ? bytesLeft / MAX_CHAT_BYTES : charsLeft / MAX_CHAT_CHARS;
  if (share > COUNTER_FROM_SHARE) return { tooLong, counter: '' };
  if (!bytesBite) {
    return {
      tooLong,
      counter: tooLong ? `${-charsLeft} characters too many` : `${charsLeft} characters left`,
    };
  }
  return {
    tooLong,
    counter: tooLong
      ? `Too long: ${-bytesLeft} bytes too many (emoji take several bytes each)`
      : `${bytesLeft} bytes left (emoji take several bytes each)`,
  };
}
