/**
 * One client socket: frame decoding, the per-connection budget, the handshake deadline,
 * liveness and back-pressure. What the frames mean is the relay's business.
 * @module
 */
import type { RawData } from 'ws';
import {
  ClientFrameSchema,
  CloseCode,
  parseFrame,
  type ClientFrame,
  type ErrorFrame,
  type ServerFrame,
} from '../../shared/protocol';
import type { Log } from '../log';
import type { RelayMetrics } from '../metrics';
import { newId } from '../secrets';
import { MemberBudget, type ChatBudget } from './member-budget';
import type { Clock } from './ports/clock';
import type { MemberProfile } from './ports/members';
import type { LocalRoom } from './room-registry';
import { TokenBucket } from './token-bucket';

/** Sustained frames per second a client may send; a clock-sync burst plus controls fit easily. */
const FRAMES_PER_SECOND = 20;
const FRAME_BURST = 40;

/** `ws` readyState values (the WebSocket standard's). */
const OPEN = 1;
const CLOSED = 3;

/** What a connection needs of its socket: `ws`'s WebSocket, or a test's stand-in. */
export interface ClientSocket {
  readonly readyState: number;
  readonly bufferedAmount: number;
  on(event: 'message', listener: (data: RawData, isBinary: boolean) => void): unknown;
  on(event: 'pong', listener: () => void): unknown;
  on(event: 'error', listener: (error: Error & { code?: string }) => void): unknown;
  on(event: 'close', listener: (code: number) => void): unknown;
  once(event: 'close', listener: () => void): unknown;
  send(text: string): void;
  close(code: number, reason: string): void;
  terminate(): void;
  ping(): void;
}

/** An error frame's content: its code and the figures that go with it. */
export type Refusal = Omit<ErrorFrame, 'type'>;

/**
 * Bytes allowed to queue toward one client. A client that stops reading would otherwise make the
 * relay buffer every broadcast for it without bound.
 */
const MAX_BUFFERED_BYTES = 256 * 1024;

/**
 * Where the connection is in its life: waiting for `hello`, joining, waiting for the host to let
 * it in, in a room, or done.
 */
export type Phase = 'greeting' | 'joining' | 'knocking' | 'joined' | 'closed';

export interface ConnectionHandlers {
  /** A valid frame arrived; `receivedAt` is relay time on arrival. */
  frame(connection: Connection, frame: ClientFrame, receivedAt: number): void;
  /** The socket is gone; called once. */
  closed(connection: Connection): void;
}

/** A client socket and its per-connection state. */
export class Connection {
  readonly memberId = newId();
  phase: Phase = 'greeting';
  room: LocalRoom<Connection> | null = null;
  /** How the member appears in the room's list, kept up to date by its reports; set on joining. */
  profile: MemberProfile | null = null;
  /** The key the member joined with: a playlist room re-reads its playlist through it. */
  inviteKey: string | null = null;
  /** The member's user, from its hello's session; null without one. Set on joining. */
  uid: string | null = null;
  /** What the member may send beyond the frame budget. */
  readonly budget: MemberBudget;
  readonly #bucket = new TokenBucket(FRAMES_PER_SECOND, FRAME_BURST, performance.now());
  readonly #deadline: ReturnType<typeof setTimeout>;
  #awaitingPong = false;
  /**
   * Frames kept back while the member's history is read (as frames, or as prepared text);
   * null when sending straight away.
   */
  #held: (ServerFrame | string)[] | null = null;

  constructor(
    private readonly ws: ClientSocket,
    handlers: ConnectionHandlers,
    handshakeMs: number,
    chat: ChatBudget,
    clock: Clock,
    private readonly log: Log,
    private readonly metrics: Pick<RelayMetrics, 'messages' | 'rejects'>,
    /** The client's address, for per-IP limits. */
    readonly clientIp: string,
  ) {
    this.budget = new MemberBudget(chat);
    // Pre-handshake deadline: without it, idle or trickling sockets that never say hello would
    // pin memory and file descriptors for free (slowloris).
    this.#deadline = setTimeout(() => {
      if (this.phase === 'greeting' || this.phase === 'joining') {
        this.fail({ code: 'handshake_timeout' }, CloseCode.HANDSHAKE_TIMEOUT);
      }
    }, handshakeMs);

    ws.on('message', (data, isBinary) => {
      if (this.phase === 'closed') return;
      const receivedAt = clock.now();
      this.metrics.messages.inc('in');
      // Flooding guard: one client must not be able to monopolise the node or Redis.
      if (!this.#bucket.take(performance.now())) {
        this.fail({ code: 'rate_limited' }, CloseCode.RATE_LIMITED);
        return;
      }
      if (isBinary) {
        this.fail({ code: 'bad_frame', detail: 'binary frame' }, CloseCode.BAD_FRAME);
        return;
      }
      const parsed = parseFrame(ClientFrameSchema, rawText(data));
      if (!parsed.ok) {
        this.fail({ code: 'bad_frame', detail: parsed.error }, CloseCode.BAD_FRAME);
        return;
      }
      handlers.frame(this, parsed.value, receivedAt);
    });
    ws.on('pong', () => {
      this.#awaitingPong = false;
    });
    ws.on('error', (error: Error & { code?: string }) => {
      // ws closes with 1009 by itself when a frame is over `maxPayload`.
      if (error.code === 'WS_ERR_UNSUPPORTED_MESSAGE_LENGTH') {
        this.metrics.rejects.inc('too_big');
        this.log('ws_rejected', { rid: this.room?.rid, reason: 'too_big' });
        return;
      }
      this.log('ws_error', { rid: this.room?.rid, error: error.code ?? error.message });
    });
    ws.on('close', (code) => {
      clearTimeout(this.#deadline);
      this.budget.stop();
      this.phase = 'closed';
      this.log('ws_closed', { rid: this.room?.rid, code });
      handlers.closed(this);
    });
  }

  /**
   * The joiner waits for the host to let it in: the handshake deadline no longer applies (the
   * wait has a deadline of its own).
   */
  knocking(): void {
    clearTimeout(this.#deadline);
    this.phase = 'knocking';
  }

  /** Marks the handshake done: the deadline no longer applies. */
  joined(
    room: LocalRoom<Connection>,
    profile: MemberProfile,
    inviteKey: string,
    uid: string | null,
  ): void {
    clearTimeout(this.#deadline);
    this.phase = 'joined';
    this.room = room;
    this.profile = profile;
    this.inviteKey = inviteKey;
    this.uid = uid;
  }

  /** Keeps frames back from now on, until `releaseFrames`. */
  holdFrames(): void {
    this.#held ??= [];
  }

  /**
   * Sends `first`, then the frames held back that `keep` accepts (prepared text always goes), and
   * sends straight away again.
   */
  releaseFrames(first: ServerFrame, keep: (frame: ServerFrame) => boolean): void {
    const held = this.#held ?? [];
    this.#held = null;
    this.send(first);
    for (const frame of held) {
      if (typeof frame === 'string') this.sendText(frame);
      else if (keep(frame)) this.send(frame);
    }
  }

  /** Sends a frame (or holds it back), cutting the client off if it has stopped reading. */
  send(frame: ServerFrame): void {
    if (this.#held) {
      this.#held.push(frame);
      return;
    }
    this.#write(JSON.stringify(frame));
  }

  /**
   * Sends a frame already serialized (one text for a whole fan-out) like `send`. The caller
   * vouches that `text` is a valid ServerFrame.
   */
  sendText(text: string): void {
    if (this.#held) {
      this.#held.push(text);
      return;
    }
    this.#write(text);
  }

  #write(text: string): void {
    if (this.ws.readyState !== OPEN) return;
    if (this.ws.bufferedAmount > MAX_BUFFERED_BYTES) {
      this.metrics.rejects.inc('slow_consumer');
      this.log('ws_slow_consumer', { rid: this.room?.rid });
      this.ws.terminate();
      return;
    }
    this.ws.send(text);
    this.metrics.messages.inc('out');
  }

  /** Answers a refusal without closing: the member may go on. */
  refuse(refusal: Refusal): void {
    this.send({ type: 'error', ...refusal });
  }

  /**
   * Sends an error frame and closes with `closeCode`, the code as the close reason; later frames
   * are ignored.
   */
  fail(refusal: Refusal, closeCode: number): void {
    if (this.phase === 'closed') return;
    const { code } = refusal;
    this.metrics.rejects.inc(code);
    this.log('ws_rejected', { rid: this.room?.rid, reason: code, phase: this.phase });
    this.#held = null;
    this.#write(JSON.stringify({ type: 'error', ...refusal } satisfies ServerFrame));
    this.close(closeCode, code);
  }

  close(code: number, reason: string): void {
    this.phase = 'closed';
    this.ws.close(code, reason);
  }

  /**
   * One liveness round: a socket that has not answered the previous ping is dead (a sleeping
   * laptop, a dropped NAT mapping) and is terminated; otherwise it is pinged again.
   */
  probe(): void {
    if (this.#awaitingPong) {
      this.metrics.rejects.inc('unresponsive');
      this.log('ws_unresponsive', { rid: this.room?.rid });
      this.ws.terminate();
      return;
    }
    this.#awaitingPong = true;
    this.ws.ping();
  }

  /** Calls `listener` once the socket has closed (at once if it already has). */
  onceClosed(listener: () => void): void {
    if (this.ws.readyState === CLOSED) listener();
    else this.ws.once('close', () => listener());
  }

  /** Drops the socket without a closing handshake. */
  terminate(): void {
    this.ws.terminate();
  }
}

function rawText(data: RawData): string {
  if (Array.isArray(data)) return Buffer.concat(data).toString('utf8');
  return (data instanceof ArrayBuffer ? Buffer.from(data) : data).toString('utf8');
}
