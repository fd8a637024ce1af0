/**
 * A room member that behaves like the extension's `RoomConnection`: on a close with a non-fatal
 * code it reconnects with jittered backoff, moving on to the next relay node of its list, and
 * says hello again with the same invite key and session. It records every state it receives, so
 * tests can check the order of revs across reconnects.
 * @module
 */
import { vi } from 'vitest';
import { WebSocket } from 'ws';
import { reconnectDelay } from '../../../extension/common/reconnect-delay';
import {
  FATAL_CLOSE_CODES,
  PROTOCOL_VERSION,
  ServerFrameSchema,
  parseFrame,
  type ClientFrame,
  type ChatMessage,
  type MemberInfo,
  type RoomState,
  type WelcomeFrame,
} from '../../../shared/protocol';
import { WAIT } from '../harness';
import type { SeededRandom } from '../../support/seeded-random';

export interface ReconnectingMemberOptions {
  /** Relay base URLs (`http://host:port`); the member starts on `first` and moves on from there. */
  urls: readonly string[];
  first?: number;
  key: string;
  name?: string;
  session?: string;
  /** Jitter source for the backoff. */
  random: SeededRandom;
  /** The backoff's first ceiling and cap: short in tests, the extension's shape. */
  baseMs?: number;
  maxMs?: number;
}

/** A member that survives its relay node going away. */
export class ReconnectingMember {
  /** Every state received, from welcomes and state frames, in order of arrival. */
  readonly states: RoomState[] = [];
  /** Every welcome, one per (re)join. */
  readonly welcomes: WelcomeFrame[] = [];
  /** Close codes of the sockets this member lost, in order. */
  readonly closeCodes: number[] = [];
  /** Every chat history received (one per join). */
  readonly histories: ChatMessage[][] = [];
  readonly errors: string[] = [];
  members: MemberInfo[] = [];
  /** The index in `urls` of the node the member is (or was last) on. */
  node: number;
  #socket: WebSocket | null = null;
  #attempt = 0;
  #stopped = false;
  #fatal = false;
  #timer: ReturnType<typeof setTimeout> | undefined;

  private constructor(private readonly options: ReconnectingMemberOptions) {
    this.node = options.first ?? 0;
  }

  /** Connects and resolves once the first welcome has arrived. */
  static async join(options: ReconnectingMemberOptions): Promise<ReconnectingMember> {
    const member = new ReconnectingMember(options);
    member.#connect();
    await member.waitForWelcomes(1);
    return member;
  }

  get welcome(): WelcomeFrame {
    const welcome = this.welcomes.at(-1);
    if (!welcome) throw new Error('not welcomed yet');
    return welcome;
  }

  /** The member id of the current join. */
  get memberId(): string {
    return this.welcome.memberId;
  }

  /** The newest state received. */
  get latest(): RoomState {
    const state = this.states.at(-1);
    if (!state) throw new Error('no state yet');
    return state;
  }

  /** True while the socket is open and welcomed. */
  get joined(): boolean {
    return this.#socket?.readyState === WebSocket.OPEN && this.welcomes.length > 0;
  }

  /** Sends a frame now; throws when not connected (tests send only while joined). */
  send(frame: ClientFrame): void {
    if (this.#socket?.readyState !== WebSocket.OPEN) throw new Error('not connected');
    this.#socket.send(JSON.stringify(frame));
  }

  /** Waits until this member has been welcomed `count` times in all. */
  async waitForWelcomes(count: number, wait = WAIT): Promise<WelcomeFrame> {
    return vi.waitFor(() => {
      if (this.#fatal) throw new Error(`refused for good: ${this.errors.join('; ')}`);
      const welcome = this.welcomes[count - 1];
      if (!welcome || !this.joined) throw new Error(`${this.welcomes.length} welcomes so far`);
      return welcome;
    }, wait);
  }

  /** Waits until the newest state has reached `rev`. */
  async waitForRev(rev: number, wait = WAIT): Promise<RoomState> {
    return vi.waitFor(() => {
      const latest = this.states.at(-1);
      if (!latest || latest.rev < rev) throw new Error(`at rev ${latest?.rev} waiting for ${rev}`);
      return latest;
    }, wait);
  }

  /**
   * The distinct revs in the order first seen. Repeats of the newest rev (heartbeats, a stale
   * control's answer) are expected; see `regressions` for what is not.
   */
  revs(): number[] {
    const revs: number[] = [];
    for (const state of this.states) if (state.rev !== revs.at(-1)) revs.push(state.rev);
    return revs;
  }

  /** Every place where a state arrived with a lower rev than one received before it. */
  regressions(): string[] {
    const found: string[] = [];
    let highest = 0;
    for (const state of this.states) {
      if (state.rev < highest) found.push(`rev ${state.rev} after ${highest}`);
      highest = Math.max(highest, state.rev);
    }
    return found;
  }

  /** Leaves for good. */
  async stop(): Promise<void> {
    this.#stopped = true;
    clearTimeout(this.#timer);
    const socket = this.#socket;
    if (!socket || socket.readyState === WebSocket.CLOSED) return;
    const closed = new Promise((resolve) => socket.once('close', resolve));
    socket.close(1000, 'left');
    await closed;
  }

  #connect(): void {
    if (this.#stopped) return;
    const url = this.options.urls[this.node];
    if (url === undefined) throw new Error(`no relay at index ${this.node}`);
    const socket = new WebSocket(`${url.replace(/^http/, 'ws')}/ws`);
    this.#socket = socket;
    socket.on('open', () => {
      socket.send(
        JSON.stringify({
          type: 'hello',
          v: PROTOCOL_VERSION,
          key: this.options.key,
          ...(this.options.name === undefined ? {} : { name: this.options.name }),
          ...(this.options.session === undefined ? {} : { session: this.options.session }),
        } satisfies ClientFrame),
      );
    });
    socket.on('message', (data, isBinary) => {
      if (isBinary) throw new Error('the relay sent a binary frame');
      const parsed = parseFrame(ServerFrameSchema, rawText(data));
      if (!parsed.ok) throw new Error(`the relay sent an invalid frame: ${parsed.error}`);
      const frame = parsed.value;
      switch (frame.type) {
        case 'welcome':
          this.#attempt = 0;
          this.welcomes.push(frame);
          this.states.push(frame.state);
          this.members = frame.members;
          return;
        case 'state':
          this.states.push(frame.state);
          return;
        case 'members':
          this.members = frame.members;
          return;
        case 'history':
          this.histories.push(frame.messages);
          return;
        case 'error':
          this.errors.push(frame.code);
          return;
        case 'message':
        case 'reaction':
        case 'pong':
        case 'knocking':
        case 'knocks':
          return;
      }
    });
    // A refused connection (the node is gone) reports an error, then a close with 1006.
    socket.on('error', () => {});
    socket.on('close', (code) => {
      if (this.#socket !== socket) return;
      this.#socket = null;
      this.closeCodes.push(code);
      if (this.#stopped) return;
      if (FATAL_CLOSE_CODES.includes(code)) {
        this.#fatal = true;
        return;
      }
      // Like the extension: back off with jitter, then try the next node of the list.
      const delay = reconnectDelay(
        this.#attempt++,
        this.options.random.next(),
        this.options.baseMs ?? 50,
        this.options.maxMs ?? 1000,
      );
      this.node = (this.node + 1) % this.options.urls.length;
      this.#timer = setTimeout(() => this.#connect(), delay);
    });
  }
}

/** The text of a received frame, however `ws` delivered it. */
export function rawText(data: WebSocket.RawData): string {
  if (Array.isArray(data)) return Buffer.concat(data).toString('utf8');
  return (data instanceof ArrayBuffer ? Buffer.from(data) : data).toString('utf8');
}
