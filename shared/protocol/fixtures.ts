/**
 * One valid example of every client frame type, for tests that must cover each type (the relay's
 * handler map is checked against it).
 * @module
 */
import type { ClientFrame } from './client-frames';

const MEMBER_ID = 'f'.repeat(32);

export const CLIENT_FRAME_FIXTURES: {
  [K in ClientFrame['type']]: Extract<ClientFrame, { type: K }>;
} = {
  hello: { type: 'hello', v: 1, key: 'abcdefghijklmnopqrstuvwxyz', name: 'Ana' },
  control: { type: 'control', baseRev: 1, action: 'play', position: 0, rate: 1 },
  ping: { type: 'ping', id: 1, t0: 1 },
  ready: { type: 'ready', holdId: 2 },
  stall: { type: 'stall' },
  nowait: { type: 'nowait' },
  queue: { type: 'queue', from: 0, to: 1 },
  move: { type: 'move', from: 'aaaaaaaaaa1', to: 'bbbbbbbbbb2', title: 'Next' },
  report: { type: 'report', status: 'in_sync', error: 0.01, rtt: 40 },
  chat: { type: 'chat', text: 'hi' },
  react: { type: 'react', emoji: '👍' },
  rename: { type: 'rename', name: 'Ben' },
  host_only: { type: 'host_only', on: true },
  hand_host: { type: 'hand_host', memberId: MEMBER_ID },
  remove: { type: 'remove', memberId: MEMBER_ID },
  let_in_only: { type: 'let_in_only', on: true },
  let_in: { type: 'let_in', memberId: MEMBER_ID },
  deny: { type: 'deny', memberId: MEMBER_ID },
};
