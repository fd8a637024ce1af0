/**
 * One member's WebSocket to the relay, owned by the background: the handshake, clock pings,
 * a silence watchdog and reconnection with backoff. It knows nothing about tabs or players.
 * @module
 */
import {
  CloseCode,
  FATAL_CLOSE_CODES,
  PROTOCOL_VERSION,
  ServerFrameSchema,
  parseFrame,
  type ChatMessage,
  type ClientFrame,
  type Knock,
  type MemberInfo,
  type Reaction,
  type PlayerSnapshot,
  type RoomState,
  type WelcomeFrame,
} from '../../shared/protocol';
import { ClockOffsetEstimator } from '../../shared/clock-offset';
import { monotonicNow } from '../common/monotonic-now';
import { reconnectDelay } from '../common/reconnect-delay';
import { frameErrorText } from '../common/error-text';
import { unreachableMessage } from '../common/relay-error';
import type { ConnectionStatus, TabNoticeCode } from '../common/tab-messages';

/** Pings sent right after joining, so the first clock estimate is ready quickly. */
const PING_BURST = 5;
const PING_BURST_GAP_MS = 120;
const PING_INTERVAL_MS = 10_000;

/** What the relay says when the host removed this member (its error frame may say it too). */
export const REMOVED_MESSAGE = 'The host removed you from this room.';
/** What the relay says when the room has as many members as it allows. */
export const ROOM_FULL_MESSAGE = 'This room is full; try again when someone leaves.';

export interface RoomConnectionEvents {
  welcome(frame: WelcomeFrame): void;
  state(state: RoomState, by: string | null): void;
  /** The list, and how many members it leaves out (a long list is cut to fit one frame). */
  members(
    members: MemberInfo[],
    flags: { hostOnly: boolean; letInOnly: boolean },
    unlisted: number,
  ): void;
  /** To the host: who is waiting to be let in. */
  knocks(knocks: Knock[]): void;
  /** The room's recent chat, right after each welcome. */
  history(messages: ChatMessage[]): void;
  message(message: ChatMessage): void;
  reaction(reaction: { memberId: string; name: string; emoji: Reaction }): void;
  /** A refusal that does not end the session (`host_only`, `rate_limited`, `too_long`). */
  notice(code: TabNoticeCode, message: string): void;
  clock(offset: number): void;
  status(status: ConnectionStatus, message?: string): void;
  /** The relay refused the room for good (unknown key, bad protocol): do not retry. */
  fatal(message: string): void;
}

export interface RoomConnectionOptions {
  relayUrl: string;
  socketUrl: string;
  key: string;
  /** Offered to the relay when the room has no timeline yet (the creator's player). */
  initial?: PlayerSnapshot;
  /**
   * Read before each hello: the nickname to show and the API session that tells the relay which
   * user this is (so host and removal follow the user across reconnects).
   */
  hello?: () => Promise<{ name?: string; session?: string }>;
  events: RoomConnectionEvents;
}

export class RoomConnection {
  #socket: WebSocket | null = null;
  #attempt = 0;
  #closed = false;
  #timers = new Set<ReturnType<typeof setTimeout>>();
  #watchdog: ReturnType<typeof setTimeout> | null = null;
  #heartbeatMs = 15_000;
  #nextPingId = 0;
  #clock = new ClockOffsetEstimator();
  #lastError: string | undefined;

  constructor(private readonly options: RoomConnectionOptions) {}

  /** Add to `monotonicNow()` to get relay time; 0 until the first pong. */
  get clockOffset(): number {
    return this.#clock.best?.offset ?? 0;
  }

  start(): void {
    this.#connect();
  }

  /** Round-trip time of the best recent clock sample, ms (a guess until the first pong). */
  get rtt(): number {
    return this.#clock.best?.delay ?? 250;
  }

  /** Sends a room frame; false when not connected (the caller keeps the room's state). */
  sendRoomFrame(frame: Exclude<ClientFrame, { type: 'hello' | 'ping' }>): boolean {
    return this.#send(frame);
  }

  close(): void {
    this.#closed = true;
    for (const timer of this.#timers) clearTimeout(timer);
    this.#timers.clear();
    if (this.#watchdog) clearTimeout(this.#watchdog);
    this.#socket?.close(1000, 'left');
    this.#socket = null;
  }

  #later(ms: number, run: () => void): void {
    const timer = setTimeout(() => {
      this.#timers.delete(timer);
      run();
    }, ms);
    this.#timers.add(timer);
  }

  #send(frame: ClientFrame): boolean {
    if (this.#socket?.readyState !== WebSocket.OPEN) return false;
    this.#socket.send(JSON.stringify(frame));
    return true;
  }

  #connect(): void {
    if (this.#closed) return;
    this.options.events.status(
      this.#attempt === 0 ? 'connecting' : 'reconnecting',
      this.#lastError,
    );
    let socket: WebSocket;
    try {
      socket = new WebSocket(this.options.socketUrl);
    } catch {
      this.options.events.fatal(unreachableMessage(this.options.relayUrl));
      return;
    }
    this.#socket = socket;
    let fatalMessage: string | undefined;
    socket.onopen = () => {
      this.#armWatchdog();
      const extras = this.options.hello?.().catch(() => ({})) ?? Promise.resolve({});
      void extras.then(({ name, session }: { name?: string; session?: string }) => {
        if (this.#socket !== socket) return;
        this.#send({
          type: 'hello',
          v: PROTOCOL_VERSION,
          key: this.options.key,
          ...(this.options.initial ? { initial: this.options.initial } : {}),
          ...(name ? { name } : {}),
          ...(session ? { session } : {}),
        });
      });
    };
    socket.onmessage = (event) => {
      if (typeof event.data !== 'string') return;
      const parsed = parseFrame(ServerFrameSchema, event.data);
      if (!parsed.ok) return;
      this.#armWatchdog();
      const frame = parsed.value;
      switch (frame.type) {
        case 'welcome':
          this.#attempt = 0;
          this.#lastError = undefined;
          this.#heartbeatMs = frame.heartbeatMs;
          this.options.events.welcome(frame);
          this.options.events.members(frame.members, frame, frame.unlisted);
          this.options.events.status('connected');
          this.#pingBurst();
          break;
        case 'state':
          this.options.events.state(frame.state, frame.by);
          break;
        case 'members':
          this.options.events.members(frame.members, frame, frame.unlisted);
          break;
        case 'knocking':
          this.options.events.status('knocking');
          break;
        case 'knocks':
          this.options.events.knocks(frame.knocks);
          break;
        case 'history':
          this.options.events.history(frame.messages);
          break;
        case 'message':
          this.options.events.message(frame.message);
          break;
        case 'reaction':
          this.options.events.reaction({
            memberId: frame.memberId,
            name: frame.name,
            emoji: frame.emoji,
          });
          break;
        case 'pong': {
          this.#clock.add({ t0: frame.t0, t1: frame.t1, t2: frame.t2, t3: monotonicNow() });
          this.options.events.clock(this.clockOffset);
          break;
        }
        case 'error':
          if (
            frame.code === 'host_only' ||
            frame.code === 'rate_limited' ||
            frame.code === 'too_long'
          )
            this.options.events.notice(frame.code, frameErrorText(frame));
          // The host asking to remove the room's owner hears it as briefly as the lock's refusals.
          else if (frame.code === 'cannot_remove_owner')
            this.options.events.notice('host_only', frameErrorText(frame));
          else fatalMessage = frameErrorText(frame);
          break;
      }
    };
    socket.onclose = (event) => {
      if (this.#socket !== socket) return;
      this.#socket = null;
      if (this.#watchdog) clearTimeout(this.#watchdog);
      if (this.#closed) return;
      if (FATAL_CLOSE_CODES.includes(event.code)) {
        this.#closed = true;
        this.options.events.fatal(
          event.code === CloseCode.ROOM_NOT_FOUND
            ? 'No room with that invite key.'
            : event.code === CloseCode.REMOVED
              ? (fatalMessage ?? REMOVED_MESSAGE)
              : event.code === CloseCode.ROOM_FULL
                ? (fatalMessage ?? ROOM_FULL_MESSAGE)
                : (fatalMessage ?? `The We Watch server refused this room (${event.code}).`),
        );
        return;
      }
      this.#lastError =
        event.code === 1006 ? unreachableMessage(this.options.relayUrl) : fatalMessage;
      const delay = reconnectDelay(this.#attempt++, Math.random());
      this.options.events.status('reconnecting', this.#lastError);
      this.#later(delay, () => this.#connect());
    };
  }

  #pingBurst(): void {
    for (let i = 0; i < PING_BURST; i++) this.#later(i * PING_BURST_GAP_MS, () => this.#ping());
    this.#later(PING_BURST * PING_BURST_GAP_MS, () => this.#pingPeriodically());
  }

  /** Re-probes the clock now and then: offsets drift and network queues change. */
  #pingPeriodically(): void {
    if (!this.#ping()) return;
    this.#later(PING_INTERVAL_MS, () => this.#pingPeriodically());
  }

  #ping(): boolean {
    return this.#send({ type: 'ping', id: this.#nextPingId++, t0: monotonicNow() });
  }

  /**
   * The relay speaks at least every heartbeat; two silent heartbeats mean a dead link that the
   * browser has not noticed (a sleeping laptop, a dropped NAT mapping).
   */
  #armWatchdog(): void {
    if (this.#watchdog) clearTimeout(this.#watchdog);
    this.#watchdog = setTimeout(
      () => this.#socket?.close(4100, 'silent'),
      this.#heartbeatMs * 2 + 5000,
    );
  }
}
