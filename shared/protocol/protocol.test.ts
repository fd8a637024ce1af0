import * as v from 'valibot';
import { describe, expect, it } from 'vitest';
import {
  ClientFrameSchema,
  ErrorFrameSchema,
  MAX_FRAME_BYTES,
  MAX_PARSE_ERROR_CHARS,
  ServerFrameSchema,
  parseFrame,
  type RoomState,
} from '.';

const KEY = 'abcdefghijklmnopqrstuvwxyz';
const SESSION = 'A'.repeat(43);
const message = { id: '1732480000000-0', memberId: 'm1', name: 'Ana', text: 'hi', at: 1 };
const state: RoomState = {
  rev: 3,
  videoId: 'aaaaaaaaaa1',
  item: null,
  playing: true,
  position: 12.5,
  rate: 1.25,
  at: 1_700_000_000_000,
  hold: null,
};

/** Valid and invalid examples of every frame type, both directions. */
const clientFixtures: Record<string, { valid: unknown[]; invalid: unknown[] }> = {
  hello: {
    valid: [
      { type: 'hello', v: 1, key: KEY },
      { type: 'hello', v: 1, key: KEY, initial: { playing: false, position: 0, rate: 1 } },
      { type: 'hello', v: 1, key: KEY, name: 'Ana', session: SESSION },
    ],
    invalid: [
      { type: 'hello', v: 1 },
      { type: 'hello', v: 1, key: 'short' },
      { type: 'hello', v: 1, key: KEY.toUpperCase() },
      { type: 'hello', v: '1', key: KEY },
      { type: 'hello', v: 1, key: KEY, initial: { playing: true, position: -1, rate: 1 } },
      { type: 'hello', v: 1, key: KEY, session: 'short' },
      { type: 'hello', v: 1, key: KEY, name: '   ' },
    ],
  },
  control: {
    valid: [
      { type: 'control', baseRev: 0, action: 'play', position: 0, rate: 1 },
      { type: 'control', baseRev: 7, action: 'rate', position: 99.9, rate: 2 },
    ],
    invalid: [
      { type: 'control', baseRev: -1, action: 'play', position: 0, rate: 1 },
      { type: 'control', baseRev: 1.5, action: 'play', position: 0, rate: 1 },
      { type: 'control', baseRev: 1, action: 'rewind', position: 0, rate: 1 },
      { type: 'control', baseRev: 1, action: 'seek', position: Number.NaN, rate: 1 },
      { type: 'control', baseRev: 1, action: 'rate', position: 3, rate: 16 },
      { type: 'control', baseRev: 1, action: 'seek', position: '3', rate: 1 },
    ],
  },
  ready: {
    valid: [{ type: 'ready', holdId: 4 }],
    invalid: [{ type: 'ready', holdId: 0 }, { type: 'ready' }],
  },
  stall: { valid: [{ type: 'stall' }], invalid: [{ type: 'stalls' }] },
  nowait: { valid: [{ type: 'nowait' }], invalid: [{ type: 'no-wait' }] },
  queue: {
    valid: [
      { type: 'queue', from: 0, to: 1 },
      { type: 'queue', from: 3, to: 0 },
    ],
    invalid: [
      { type: 'queue', from: -1, to: 0 },
      { type: 'queue', from: 0, to: 1.5 },
      { type: 'queue', from: 0, to: 200 },
      { type: 'queue', to: 1 },
    ],
  },
  move: {
    valid: [
      { type: 'move', from: 'aaaaaaaaaa1', to: 'bbbbbbbbbb2', title: 'Up next' },
      { type: 'move', from: 'aaaaaaaaaa1', to: 'aaaaaaaaaa1', title: 'Tags <b>stay</b> "text"' },
    ],
    invalid: [
      { type: 'move', from: 'aaaaaaaaaa1', to: 'bbbbbbbbbb2' },
      { type: 'move', from: 'aaaaaaaaaa1', to: 'short', title: 'Up next' },
      { type: 'move', from: 'aaaaaaaaaa1', to: 'bbbbbbbbbb2', title: '   ' },
      { type: 'move', from: 'aaaaaaaaaa1', to: 'bbbbbbbbbb2', title: 'x'.repeat(201) },
      { type: 'move', to: 'bbbbbbbbbb2', title: 'Up next' },
    ],
  },
  report: {
    valid: [
      { type: 'report', status: 'in_sync', error: 0.004, rtt: 102.5 },
      { type: 'report', status: 'ad', error: null, rtt: 0 },
    ],
    invalid: [
      { type: 'report', status: 'dancing', error: 0, rtt: 10 },
      { type: 'report', status: 'in_sync', error: Number.NaN, rtt: 10 },
      { type: 'report', status: 'in_sync', error: 0, rtt: -1 },
      { type: 'report', status: 'in_sync', rtt: 10 },
    ],
  },
  chat: {
    valid: [
      { type: 'chat', text: 'hello' },
      { type: 'chat', text: '<script>alert(1)</script>' },
      // 500 graphemes of several code units each still fit.
      { type: 'chat', text: '👍🏽'.repeat(500) },
      // Over the limits, still a frame: the relay answers it with `too_long`, the socket open.
      { type: 'chat', text: 'x'.repeat(501) },
    ],
    invalid: [
      { type: 'chat', text: '' },
      { type: 'chat', text: '   ' },
      { type: 'chat', text: 5 },
      { type: 'chat' },
    ],
  },
  react: {
    valid: [
      { type: 'react', emoji: '👍' },
      { type: 'react', emoji: '❤️' },
    ],
    invalid: [{ type: 'react', emoji: '💩' }, { type: 'react', emoji: '' }, { type: 'react' }],
  },
  rename: {
    valid: [{ type: 'rename', name: 'Ana' }],
    invalid: [
      { type: 'rename', name: '' },
      { type: 'rename', name: 'x'.repeat(41) },
      { type: 'rename' },
    ],
  },
  host_only: {
    valid: [
      { type: 'host_only', on: true },
      { type: 'host_only', on: false },
    ],
    invalid: [{ type: 'host_only', on: 'yes' }, { type: 'host_only' }],
  },
  hand_host: {
    valid: [{ type: 'hand_host', memberId: 'm2' }],
    invalid: [
      { type: 'hand_host', memberId: '' },
      { type: 'hand_host', memberId: 'x'.repeat(65) },
      { type: 'hand_host' },
    ],
  },
  remove: {
    valid: [{ type: 'remove', memberId: 'm2' }],
    invalid: [
      { type: 'remove', memberId: '' },
      { type: 'remove', memberId: 7 },
    ],
  },
  let_in_only: {
    valid: [
      { type: 'let_in_only', on: true },
      { type: 'let_in_only', on: false },
    ],
    invalid: [{ type: 'let_in_only', on: 1 }, { type: 'let_in_only' }],
  },
  let_in: {
    valid: [{ type: 'let_in', memberId: 'm2' }],
    invalid: [{ type: 'let_in', memberId: '' }, { type: 'let_in' }],
  },
  deny: {
    valid: [{ type: 'deny', memberId: 'm2' }],
    invalid: [{ type: 'deny', memberId: 'x'.repeat(65) }, { type: 'deny' }],
  },
  ping: {
    valid: [{ type: 'ping', id: 0, t0: 123.456 }],
    invalid: [
      { type: 'ping', id: -1, t0: 1 },
      { type: 'ping', id: 1 },
      { type: 'ping', id: 1, t0: Number.POSITIVE_INFINITY },
    ],
  },
};

const serverFixtures: Record<string, { valid: unknown[]; invalid: unknown[] }> = {
  welcome: {
    valid: [
      {
        type: 'welcome',
        v: 1,
        memberId: 'm1',
        video: { youtubeId: 'aaaaaaaaaa1', title: 'A video' },
        state,
        members: [{ id: 'm1', name: 'Ana', host: true, status: 'syncing', error: null }],
        hostOnly: false,
        heartbeatMs: 15000,
      },
    ],
    invalid: [
      {
        type: 'welcome',
        v: 2,
        memberId: 'm1',
        video: { youtubeId: 'aaaaaaaaaa1', title: 'A' },
        state,
        heartbeatMs: 1,
      },
      { type: 'welcome', v: 1, memberId: 'm1', video: { youtubeId: 'x', title: 'A' }, state },
      {
        type: 'welcome',
        v: 1,
        memberId: 'm1',
        video: { youtubeId: 'aaaaaaaaaa1', title: 'A video' },
        state,
        members: [],
        heartbeatMs: 15000,
      },
    ],
  },
  state: {
    valid: [
      { type: 'state', state, by: 'm1' },
      { type: 'state', state, by: null },
      {
        type: 'state',
        state: { ...state, hold: { id: 3, reason: 'seek', waitingFor: ['m2'], deadline: 9 } },
        by: 'm1',
      },
    ],
    invalid: [
      { type: 'state', state: { ...state, rev: 0 }, by: null },
      { type: 'state', state: { ...state, videoId: 'too-long-video-id' }, by: null },
      { type: 'state', state },
      { type: 'state', state: { ...state, hold: { id: 3, reason: 'nap' } }, by: null },
    ],
  },
  members: {
    valid: [
      { type: 'members', members: [], hostOnly: false },
      {
        type: 'members',
        members: [{ id: 'm1', name: 'Ana', host: true, status: 'in_sync', error: -0.01 }],
        hostOnly: true,
      },
      { type: 'members', members: [], hostOnly: false, unlisted: 12, letInOnly: true },
    ],
    invalid: [
      {
        type: 'members',
        members: [{ id: 'm1', name: '', host: false, status: 'in_sync', error: 0 }],
        hostOnly: false,
      },
      {
        type: 'members',
        members: [{ id: 'm1', name: 'Ana', host: false, status: 'lost', error: 0 }],
        hostOnly: false,
      },
      // Without `host`, and without `hostOnly`.
      {
        type: 'members',
        members: [{ id: 'm1', name: 'Ana', status: 'in_sync', error: 0 }],
        hostOnly: false,
      },
      { type: 'members', members: [] },
    ],
  },
  history: {
    valid: [
      { type: 'history', messages: [] },
      { type: 'history', messages: [message, { ...message, id: '1732480000000-1' }] },
    ],
    invalid: [
      { type: 'history', messages: [{ ...message, id: 'abc' }] },
      { type: 'history', messages: Array.from({ length: 101 }, () => message) },
      { type: 'history' },
    ],
  },
  message: {
    valid: [{ type: 'message', message }],
    invalid: [
      { type: 'message', message: { ...message, text: '' } },
      { type: 'message', message: { ...message, name: '' } },
      { type: 'message', message: { ...message, at: -1 } },
    ],
  },
  reaction: {
    valid: [{ type: 'reaction', memberId: 'm1', name: 'Ana', emoji: '🔥' }],
    invalid: [
      { type: 'reaction', memberId: 'm1', name: 'Ana', emoji: '🍕' },
      { type: 'reaction', memberId: 'm1', emoji: '🔥' },
    ],
  },
  knocking: {
    valid: [{ type: 'knocking' }],
    invalid: [{ type: 'knocked' }],
  },
  knocks: {
    valid: [
      { type: 'knocks', knocks: [] },
      { type: 'knocks', knocks: [{ id: 'm3', name: 'Ann' }] },
    ],
    invalid: [
      { type: 'knocks', knocks: [{ id: 'm3' }] },
      {
        type: 'knocks',
        knocks: Array.from({ length: 21 }, (_, i) => ({ id: `m${i}`, name: 'A' })),
      },
    ],
  },
  pong: {
    valid: [{ type: 'pong', id: 1, t0: 1, t1: 2, t2: 3 }],
    invalid: [{ type: 'pong', id: 1, t0: 1, t1: 2 }],
  },
  error: {
    valid: [
      { type: 'error', code: 'room_not_found' },
      { type: 'error', code: 'host_only' },
      { type: 'error', code: 'removed', by: 'address', retryAfterS: 600 },
      { type: 'error', code: 'rate_limited', retryAfterS: 12 },
      { type: 'error', code: 'room_full', limit: 50 },
      { type: 'error', code: 'unsupported_version', version: 1 },
      { type: 'error', code: 'bad_frame', detail: 'key: Invalid length' },
    ],
    invalid: [
      { type: 'error', code: 'teapot' },
      { type: 'error', code: 'removed', by: 'someone' },
      { type: 'error', code: 'room_full', limit: -1 },
      { type: 'error', code: 'bad_frame', detail: 'x'.repeat(201) },
    ],
  },
};

function typesOf(schema: typeof ClientFrameSchema | typeof ServerFrameSchema): string[] {
  return schema.options.map((option) => option.entries.type.literal);
}

describe('protocol fixtures', () => {
  it('cover every frame type in both directions', () => {
    expect(Object.keys(clientFixtures).sort()).toEqual(typesOf(ClientFrameSchema).sort());
    expect(Object.keys(serverFixtures).sort()).toEqual(typesOf(ServerFrameSchema).sort());
  });

  for (const [schema, fixtures] of [
    [ClientFrameSchema, clientFixtures],
    [ServerFrameSchema, serverFixtures],
  ] as const) {
    for (const [type, { valid, invalid }] of Object.entries(fixtures)) {
      it(`accepts valid and refuses invalid "${type}" frames`, () => {
        for (const frame of valid) expect(v.is(schema, frame), JSON.stringify(frame)).toBe(true);
        for (const frame of invalid) expect(v.is(schema, frame), JSON.stringify(frame)).toBe(false);
      });
    }
  }
});

describe('parseFrame', () => {
  it('returns the frame when valid', () => {
    expect(parseFrame(ClientFrameSchema, JSON.stringify({ type: 'ping', id: 1, t0: 5 }))).toEqual({
      ok: true,
      value: { type: 'ping', id: 1, t0: 5 },
    });
  });

  it('says what is wrong instead of throwing', () => {
    expect(parseFrame(ClientFrameSchema, '{not json')).toEqual({ ok: false, error: 'not JSON' });
    const unknownType = parseFrame(ClientFrameSchema, '{"type":"shout"}');
    expect(unknownType.ok).toBe(false);
    const badField = parseFrame(
      ClientFrameSchema,
      JSON.stringify({ type: 'control', baseRev: 1, action: 'play', position: -5, rate: 1 }),
    );
    expect(badField.ok).toBe(false);
    expect(!badField.ok && badField.error).toContain('position');
  });

  it('cuts what it says to fit an error frame, whatever characters it quotes', () => {
    const rename = JSON.stringify({ type: 'control', baseRev: 1, action: '😀'.repeat(300) });
    const parsed = parseFrame(ClientFrameSchema, rename);
    expect(parsed.ok).toBe(false);
    const detail = parsed.ok ? '' : parsed.error;
    expect(detail.length).toBeLessThanOrEqual(MAX_PARSE_ERROR_CHARS);
    expect(detail.endsWith('…')).toBe(true);
    expect(detail.isWellFormed()).toBe(true);
    expect(
      v.safeParse(ErrorFrameSchema, { type: 'error', code: 'bad_frame', detail }).success,
    ).toBe(true);
  });

  it('keeps the largest legitimate frame well under the size limit', () => {
    const hello = {
      type: 'hello',
      v: 1,
      key: KEY,
      initial: { playing: true, position: 999_999.999999, rate: 1.999999 },
    };
    expect(new TextEncoder().encode(JSON.stringify(hello)).length).toBeLessThan(
      MAX_FRAME_BYTES / 8,
    );
  });
});
