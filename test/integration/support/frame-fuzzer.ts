/**
 * Hostile client frames for the relay fuzz test: garbage, truncated and oversized text, binary,
 * invalid UTF-8, deep nesting, valid frames with mistyped fields, and valid frames sent out of
 * order or with values that make no sense for the room.
 * @module
 */
import {
  MAX_FRAME_BYTES,
  PROTOCOL_VERSION,
  REACTIONS,
  type ClientFrame,
} from '../../../shared/protocol';
import { MAX_POSITION, MAX_RATE, MIN_RATE } from '../../../shared/timeline-limits';
import type { SeededRandom } from '../../support/seeded-random';

export type FuzzKind =
  | 'garbage'
  | 'truncated'
  | 'oversized'
  | 'binary'
  | 'invalid_utf8'
  | 'nested'
  | 'mistyped'
  | 'valid';

export interface FuzzFrame {
  kind: FuzzKind;
  data: string | Buffer;
  /** Sent as a binary frame; a Buffer sent as text may hold invalid UTF-8. */
  binary: boolean;
}

/** What the fuzzer may aim its valid frames at. */
export interface FuzzTargets {
  /** The invite key of the room the fuzzers may join. */
  inviteKey: string;
  /** Member ids seen so far (the fuzzers' own, and others). */
  memberIds: string[];
}

const KINDS: readonly [FuzzKind, number][] = [
  ['garbage', 8],
  ['truncated', 8],
  ['oversized', 4],
  ['binary', 4],
  ['invalid_utf8', 3],
  ['nested', 5],
  ['mistyped', 20],
  ['valid', 48],
];
const TOTAL_WEIGHT = KINDS.reduce((sum, [, weight]) => sum + weight, 0);

/** Odd values of every JSON type, for mistyped fields. */
const ODD_VALUES: readonly unknown[] = [
  null,
  true,
  0,
  -1,
  1e308,
  -1e308,
  2 ** 53,
  0.1,
  '',
  '1',
  'NaN',
  'Infinity',
  '__proto__',
  'constructor',
  '\u0000',
  '\ud800',
  '🔥'.repeat(300),
  [],
  [1, 2, 3],
  {},
  { __proto__: { type: 'hello' } },
  { type: 'hello' },
];

/** Generates frames from one seeded sequence. */
export class FrameFuzzer {
  constructor(
    private readonly random: SeededRandom,
    private readonly targets: FuzzTargets,
  ) {}

  next(): FuzzFrame {
    let roll = this.random.next() * TOTAL_WEIGHT;
    let kind: FuzzKind = 'valid';
    for (const [candidate, weight] of KINDS) {
      roll -= weight;
      if (roll < 0) {
        kind = candidate;
        break;
      }
    }
    return this.#frame(kind);
  }

  /** A valid frame, counted as such. */
  nextValid(): FuzzFrame {
    return { kind: 'valid', data: JSON.stringify(this.valid()), binary: false };
  }

  /** A ping or a report: valid for a member, and changing nothing. */
  nextHarmless(): FuzzFrame {
    const frame: ClientFrame = this.random.chance(0.5)
      ? { type: 'ping', id: this.random.int(0, 1000), t0: 1 }
      : { type: 'report', status: 'in_sync', error: 0, rtt: 20 };
    return { kind: 'valid', data: JSON.stringify(frame), binary: false };
  }

  /** A hello with an invite key that opens nothing. */
  strangerHello(): FuzzFrame {
    const frame: ClientFrame = { type: 'hello', v: PROTOCOL_VERSION, key: this.#inviteKey() };
    return { kind: 'valid', data: JSON.stringify(frame), binary: false };
  }

  /** A frame the protocol accepts, with values chosen at random (often nonsense for the room). */
  valid(): ClientFrame {
    const r = this.random;
    const memberId =
      this.targets.memberIds.length > 0 && r.chance(0.8)
        ? r.pick(this.targets.memberIds)
        : this.#text(1, 64);
    const frames: (() => ClientFrame)[] = [
      () => ({
        type: 'hello',
        v: r.chance(0.9) ? PROTOCOL_VERSION : r.int(-5, 5),
        key: r.chance(0.5) ? this.targets.inviteKey : this.#inviteKey(),
        ...(r.chance(0.3) ? { name: this.#text(1, 40) } : {}),
        ...(r.chance(0.2)
          ? {
              initial: {
                playing: r.chance(0.5),
                position: r.next() * MAX_POSITION,
                rate: MIN_RATE + r.next() * (MAX_RATE - MIN_RATE),
              },
            }
          : {}),
      }),
      () => ({
        type: 'control',
        baseRev: r.chance(0.5) ? r.int(0, 50) : r.int(0, 2 ** 40),
        action: r.pick(['play', 'pause', 'seek', 'rate'] as const),
        position: r.chance(0.2) ? MAX_POSITION : r.next() * 5000,
        rate: r.pick([MIN_RATE, 1, 1.5, MAX_RATE, MIN_RATE + r.next() * (MAX_RATE - MIN_RATE)]),
      }),
      () => ({ type: 'ping', id: r.int(0, 2 ** 31), t0: r.next() * 1e13 }),
      () => ({ type: 'ready', holdId: r.int(1, 2 ** 40) }),
      () => ({ type: 'stall' }),
      () => ({ type: 'nowait' }),
      () => ({ type: 'queue', from: r.int(0, 199), to: r.int(0, 199) }),
      () => ({
        type: 'move',
        from: r.pick(['aaaaaaaaaa1', 'bbbbbbbbbb2']),
        to: r.pick(['aaaaaaaaaa1', 'bbbbbbbbbb2', 'ccccccccc03']),
        title: this.#text(1, 200),
      }),
      () => ({
        type: 'report',
        status: r.pick(['in_sync', 'syncing', 'buffering', 'ad', 'away', 'blocked'] as const),
        error: r.chance(0.3) ? null : (r.next() - 0.5) * 2e5,
        rtt: r.next() * 60_000,
      }),
      () => ({ type: 'chat', text: this.#text(1, 400) }),
      () => ({ type: 'react', emoji: r.pick(REACTIONS) }),
      () => ({ type: 'rename', name: this.#text(1, 40) }),
      () => ({ type: 'host_only', on: r.chance(0.5) }),
      () => ({ type: 'hand_host', memberId }),
      () => ({ type: 'remove', memberId }),
    ];
    return r.pick(frames)();
  }

  #frame(kind: FuzzKind): FuzzFrame {
    const r = this.random;
    const text = (data: string): FuzzFrame => ({ kind, data, binary: false });
    switch (kind) {
      case 'garbage':
        return text(this.#text(0, 300));
      case 'truncated': {
        const whole = JSON.stringify(this.valid());
        return text(whole.slice(0, r.int(0, whole.length - 1)));
      }
      case 'oversized': {
        const pad = 'x'.repeat(MAX_FRAME_BYTES + r.int(1, 4 * MAX_FRAME_BYTES));
        return text(JSON.stringify({ ...this.valid(), pad }));
      }
      case 'binary':
        return { kind, data: this.#bytes(r.int(0, 200)), binary: true };
      case 'invalid_utf8': {
        const prefix = Buffer.from('{"type":"chat","text":"');
        const bad = Buffer.from([0xff, 0xfe, 0xc3, 0x28, 0xed, 0xa0, 0x80]);
        return { kind, data: Buffer.concat([prefix, bad, Buffer.from('"}')]), binary: false };
      }
      case 'nested': {
        const depth = r.int(10, 1500);
        if (r.chance(0.5)) return text('['.repeat(depth) + ']'.repeat(depth));
        const inner = '{"a":'.repeat(depth) + '1' + '}'.repeat(depth);
        const field = r.pick(['initial', 'name', 'type', 'key', 'position']);
        return text(`{"type":"hello","v":1,"key":"${this.targets.inviteKey}","${field}":${inner}}`);
      }
      case 'mistyped': {
        const frame = this.valid() as Record<string, unknown>;
        const fields = Object.keys(frame);
        const field = r.chance(0.1) ? this.#text(1, 10) : r.pick(fields);
        frame[field] = r.pick(ODD_VALUES);
        return text(JSON.stringify(frame));
      }
      case 'valid':
        return text(JSON.stringify(this.valid()));
    }
  }

  #inviteKey(): string {
    const alphabet = 'abcdefghijklmnopqrstuvwxyz234567';
    return Array.from({ length: 26 }, () => this.random.pick([...alphabet])).join('');
  }

  /** Random text with ASCII, JSON punctuation, emoji and lone surrogates. */
  #text(min: number, max: number): string {
    const pieces = [
      'a',
      'Z',
      '0',
      ' ',
      '"',
      '\\',
      '{',
      '}',
      '[',
      ']',
      ':',
      ',',
      'é',
      '🔥',
      '\n',
      '\ud800',
      '\udfff',
      '\u200b',
      '<script>',
    ];
    const length = this.random.int(min, max);
    let text = '';
    while (text.length < length) text += this.random.pick(pieces);
    return text.slice(0, Math.max(length, min));
  }

  #bytes(length: number): Buffer {
    return Buffer.from(Array.from({ length }, () => this.random.int(0, 255)));
  }
}
