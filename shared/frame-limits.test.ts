import * as v from 'valibot';
import { describe, expect, it } from 'vitest';
import { historyThatFits } from './chat-history';
import { jsonBytes } from './json-size';
import { MAX_HOLD_WAITING } from './timeline-limits';
import {
  CHAT_HISTORY,
  CHAT_HISTORY_BYTES,
  ClientFrameSchema,
  MAX_CHAT_BYTES,
  MAX_CHAT_CHARS,
  MAX_PARSE_ERROR_CHARS,
  MAX_FRAME_BYTES,
  MAX_KNOCKS,
  MAX_SERVER_FRAME_BYTES,
  ServerFrameSchema,
  chatBytes,
  type ChatMessage,
  type ClientFrame,
  type MemberInfo,
  type RoomState,
  type ServerFrame,
} from './protocol';

// The widest legal values: JSON escapes a control character as \u00XX, 6 bytes for one.
const WIDE_CHAR = '\u0001';
const MEMBER_ID = 'f'.repeat(64);
const NAME = WIDE_CHAR.repeat(40);
const TITLE = WIDE_CHAR.repeat(200);
const KEY = 'abcdefghijklmnopqrstuvwxyz';
const SECRET = 'A'.repeat(43);
/** The longest spellings JSON gives numbers in each field's range. */
const WIDE_FRACTION = 0.12345678901234568;
const WIDE_TIME = 1.2345678901234567e300;
const WIDE_INT = Number.MAX_SAFE_INTEGER;
const WIDE_STREAM_ID = `${'9'.repeat(20)}-${'9'.repeat(20)}`;
/** 240 family emoji: 25 bytes each, exactly `MAX_CHAT_BYTES`. */
const LONGEST_CHAT = '👨‍👩‍👧‍👦'.repeat(MAX_CHAT_BYTES / 25);

const longestState: RoomState = {
  rev: WIDE_INT,
  videoId: 'aaaaaaaaaa_',
  item: 199,
  playing: false,
  position: 999_999.1234567891,
  rate: 1.2345678901234567,
  at: WIDE_TIME,
  hold: {
    id: WIDE_INT,
    reason: 'buffering',
    waitingFor: Array.from({ length: MAX_HOLD_WAITING }, () => MEMBER_ID),
    deadline: WIDE_TIME,
  },
  // Only a room outside playlists keeps a title, but the widest state has both.
  title: TITLE,
};
const longestMember: MemberInfo = {
  id: MEMBER_ID,
  name: NAME,
  host: false,
  status: 'buffering',
  error: -WIDE_TIME,
};
const longestMessage: ChatMessage = {
  id: WIDE_STREAM_ID,
  memberId: MEMBER_ID,
  name: NAME,
  text: LONGEST_CHAT,
  at: WIDE_TIME,
};

/** The largest legal frame of every client frame type. */
const largestClientFrame: { [T in ClientFrame['type']]: Extract<ClientFrame, { type: T }> } = {
  hello: {
    type: 'hello',
    v: -WIDE_INT,
    key: KEY,
    initial: { playing: false, position: 999_999.1234567891, rate: 1.2345678901234567 },
    name: NAME,
    session: SECRET,
  },
  control: {
    type: 'control',
    baseRev: WIDE_INT,
    action: 'pause',
    position: 999_999.1234567891,
    rate: 1.2345678901234567,
  },
  ping: { type: 'ping', id: WIDE_INT, t0: WIDE_TIME },
  ready: { type: 'ready', holdId: WIDE_INT },
  stall: { type: 'stall' },
  nowait: { type: 'nowait' },
  queue: { type: 'queue', from: 199, to: 199 },
  move: { type: 'move', from: 'aaaaaaaaaa_', to: 'bbbbbbbbbb_', title: TITLE },
  report: { type: 'report', status: 'buffering', error: -99_999.12345678901, rtt: WIDE_FRACTION },
  chat: { type: 'chat', text: LONGEST_CHAT },
  react: { type: 'react', emoji: '❤️' },
  rename: { type: 'rename', name: NAME },
  host_only: { type: 'host_only', on: false },
  hand_host: { type: 'hand_host', memberId: MEMBER_ID },
  remove: { type: 'remove', memberId: MEMBER_ID },
  let_in_only: { type: 'let_in_only', on: false },
  let_in: { type: 'let_in', memberId: MEMBER_ID },
  deny: { type: 'deny', memberId: MEMBER_ID },
};

/** The largest legal frame of every relay frame type (a history: see below). */
const largestServerFrame: { [T in ServerFrame['type']]: Extract<ServerFrame, { type: T }> } = {
  welcome: {
    type: 'welcome',
    v: 1,
    memberId: MEMBER_ID,
    video: { youtubeId: 'aaaaaaaaaa_', title: TITLE },
    state: longestState,
    members: Array.from({ length: 64 }, () => longestMember),
    hostOnly: false,
    unlisted: WIDE_INT,
    letInOnly: false,
    heartbeatMs: WIDE_INT,
  },
  state: { type: 'state', state: longestState, by: MEMBER_ID },
  members: {
    type: 'members',
    members: Array.from({ length: 64 }, () => longestMember),
    hostOnly: false,
    unlisted: WIDE_INT,
    letInOnly: false,
  },
  knocking: { type: 'knocking' },
  knocks: {
    type: 'knocks',
    knocks: Array.from({ length: MAX_KNOCKS }, () => ({ id: MEMBER_ID, name: NAME })),
  },
  pong: { type: 'pong', id: WIDE_INT, t0: WIDE_TIME, t1: WIDE_TIME, t2: WIDE_TIME },
  error: {
    type: 'error',
    code: 'unsupported_version',
    retryAfterS: WIDE_INT,
    limit: WIDE_INT,
    version: WIDE_INT,
    by: 'address',
    detail: WIDE_CHAR.repeat(MAX_PARSE_ERROR_CHARS),
  },
  // What the relay sends after 100 maximum-size messages: as many of the newest as fit.
  history: {
    type: 'history',
    messages: historyThatFits(Array.from({ length: CHAT_HISTORY }, () => longestMessage)),
  },
  message: { type: 'message', message: longestMessage },
  reaction: { type: 'reaction', memberId: MEMBER_ID, name: NAME, emoji: '❤️' },
};

/** Every type a variant schema accepts, read from the schema itself. */
function typesOf(schema: typeof ClientFrameSchema | typeof ServerFrameSchema): string[] {
  return schema.options.map((option) => option.entries.type.literal);
}

describe('the largest legal frame of every type', () => {
  it.each(typesOf(ClientFrameSchema))('client %s fits MAX_FRAME_BYTES', (type) => {
    const frame = (largestClientFrame as Record<string, unknown>)[type];
    // A new frame type needs its largest case here.
    expect(frame, `no largest ${type} frame`).toBeDefined();
    expect(v.safeParse(ClientFrameSchema, frame).issues).toBeUndefined();
    expect(jsonBytes(frame)).toBeLessThanOrEqual(MAX_FRAME_BYTES);
  });

  it.each(typesOf(ServerFrameSchema))('relay %s fits MAX_SERVER_FRAME_BYTES', (type) => {
    const frame = (largestServerFrame as Record<string, unknown>)[type];
    expect(frame, `no largest ${type} frame`).toBeDefined();
    expect(v.safeParse(ServerFrameSchema, frame).issues).toBeUndefined();
    expect(jsonBytes(frame)).toBeLessThanOrEqual(MAX_SERVER_FRAME_BYTES);
  });

  it('covers no type the protocol lacks', () => {
    expect(Object.keys(largestClientFrame).sort()).toEqual(typesOf(ClientFrameSchema).sort());
    expect(Object.keys(largestServerFrame).sort()).toEqual(typesOf(ServerFrameSchema).sort());
  });

  it('carries the longest chat message in a frame a client may send, and relays it whole', () => {
    expect(chatBytes(LONGEST_CHAT)).toBe(MAX_CHAT_BYTES);
    // With a margin, so that a field grown a little does not break chat.
    expect(jsonBytes(largestClientFrame.chat)).toBeLessThan(MAX_FRAME_BYTES * 0.8);
    expect(jsonBytes(largestServerFrame.message)).toBeLessThan(MAX_FRAME_BYTES * 0.85);
  });

  it('holds 500 long emoji in one message, and refuses what is over a limit', () => {
    // About 11 bytes each: a message like this was over the frame limit before there was a byte
    // limit, and its socket was closed.
    const emoji = ['👩🏽‍💻', '🏳️‍🌈', '👍🏾', '🇫🇷', '😀', '❤️'];
    const text = Array.from({ length: MAX_CHAT_CHARS }, (_, i) => emoji[i % emoji.length]).join('');
    expect(chatBytes(text)).toBeGreaterThan(4096);
    expect(v.safeParse(ClientFrameSchema, { type: 'chat', text }).success).toBe(true);
    const chat = v.safeParse(ServerFrameSchema, {
      type: 'message',
      message: { ...longestMessage, text },
    });
    expect(chat.success).toBe(true);
    const tooManyBytes = { ...longestMessage, text: `${LONGEST_CHAT}a` };
    const tooManyChars = { ...longestMessage, text: 'a'.repeat(MAX_CHAT_CHARS + 1) };
    for (const message of [tooManyBytes, tooManyChars]) {
      expect(v.safeParse(ServerFrameSchema, { type: 'message', message }).success).toBe(false);
    }
  });

  it('keeps a history of maximum-size messages within its byte budget, newest kept', () => {
    const messages = Array.from({ length: CHAT_HISTORY }, (_, i) => ({
      ...longestMessage,
      id: `${1000 + i}-0`,
    }));
    const kept = historyThatFits([...messages].reverse());
    expect(kept.length).toBeGreaterThan(0);
    expect(kept.at(-1)).toEqual(messages.at(-1));
    expect(kept).toEqual(messages.slice(-kept.length));
    expect(jsonBytes(kept)).toBeLessThanOrEqual(CHAT_HISTORY_BYTES);
    // Short messages all fit.
    const short = messages.map((m) => ({ ...m, name: 'Ana', text: 'hi there' }));
    expect(historyThatFits([...short].reverse())).toEqual(short);
  });
});
