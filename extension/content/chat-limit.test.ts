import { describe, expect, it } from 'vitest';
import { chatBytes, MAX_CHAT_BYTES, MAX_CHAT_CHARS } from '../../shared/protocol';
import { chatRoomLeft } from './chat-limit';

/** Four code points, one grapheme, 25 bytes. */
const FAMILY = '👨‍👩‍👧‍👦';

describe('chatRoomLeft', () => {
  it('says nothing while both limits are far off', () => {
    expect(chatRoomLeft('hello')).toEqual({ tooLong: false, counter: '' });
    expect(chatRoomLeft(FAMILY.repeat(100))).toEqual({ tooLong: false, counter: '' });
  });

  it('counts characters for plain text', () => {
    expect(chatRoomLeft('a'.repeat(MAX_CHAT_CHARS - 30))).toEqual({
      tooLong: false,
      counter: '30 characters left',
    });
    expect(chatRoomLeft('a'.repeat(MAX_CHAT_CHARS))).toEqual({
      tooLong: false,
      counter: '0 characters left',
    });
    expect(chatRoomLeft('a'.repeat(MAX_CHAT_CHARS + 2))).toEqual({
      tooLong: true,
      counter: '2 characters too many',
    });
  });

  it('counts bytes when long emoji fill the message before its characters do', () => {
    const text = FAMILY.repeat(230);
    expect(chatBytes(text)).toBe(230 * 25);
    expect(chatRoomLeft(text)).toEqual({
      tooLong: false,
      counter: `${MAX_CHAT_BYTES - 230 * 25} bytes left (emoji take several bytes each)`,
    });
    expect(chatRoomLeft(FAMILY.repeat(241))).toEqual({
      tooLong: true,
      counter: `Too long: ${241 * 25 - MAX_CHAT_BYTES} bytes too many (emoji take several bytes each)`,
    });
  });

  it('counts the escapes JSON adds', () => {
    expect(chatBytes('"\\\n\u0001é')).toBe(2 + 2 + 2 + 6 + 2);
  });
});
