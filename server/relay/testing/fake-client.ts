/**
 * A client socket for driving the relay core in unit tests: what the relay sends is decoded and
 * checked against the protocol, what the test sends arrives as a text frame.
 * @module
 */
import { EventEmitter } from 'node:events';
import {
  parseFrame,
  ServerFrameSchema,
  type ClientFrame,
  type ServerFrame,
} from '../../../shared/protocol';
import type { ClientSocket } from '../connection';

const OPEN = 1;
const CLOSED = 3;

type FrameOf<T extends ServerFrame['type']> = Extract<ServerFrame, { type: T }>;

export class FakeClient extends EventEmitter implements ClientSocket {
  readyState = OPEN;
  readonly bufferedAmount = 0;
  /** Every frame the relay sent, in order. */
  readonly received: ServerFrame[] = [];
  /** How the relay closed the socket, once it has. */
  closedWith: { code: number; reason: string } | null = null;
  #read = 0;

  /** Sends a frame to the relay. */
  sendFrame(frame: ClientFrame | Record<string, unknown>): void {
    this.emit('message', Buffer.from(JSON.stringify(frame)), false);
  }

  /** The frames of `type` received so far. */
  all<T extends ServerFrame['type']>(type: T): FrameOf<T>[] {
    return this.received.filter((frame): frame is FrameOf<T> => frame.type === type);
  }

  /** The last frame of `type` received, if any. */
  last<T extends ServerFrame['type']>(type: T): FrameOf<T> | undefined {
    return this.all(type).at(-1);
  }

  /** Frames received since the previous call. */
  fresh(): ServerFrame[] {
    const frames = this.received.slice(this.#read);
    this.#read = this.received.length;
    return frames;
  }

  /** The client going away. */
  disconnect(): void {
    this.#closed(1000, '');
  }

  send(text: string): void {
    const parsed = parseFrame(ServerFrameSchema, text);
    if (!parsed.ok) throw new Error(`the relay sent an invalid frame: ${parsed.error}: ${text}`);
    this.received.push(parsed.value);
  }

  close(code: number, reason: string): void {
    this.#closed(code, reason);
  }

  terminate(): void {
    this.#closed(1006, '');
  }

  ping(): void {
    // A live client: the pong comes straight back.
    queueMicrotask(() => this.emit('pong'));
  }

  #closed(code: number, reason: string): void {
    if (this.readyState === CLOSED) return;
    this.readyState = CLOSED;
    this.closedWith = { code, reason };
    queueMicrotask(() => this.emit('close', code));
  }
}
