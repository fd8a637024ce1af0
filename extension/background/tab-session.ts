/**
 * One tab's membership of one room: its relay connection, what the room last said (so a page
 * that reconnects its port is told again at once), and the one way to end it.
 * @module
 */
import {
  CHAT_HISTORY,
  type ChatMessage,
  type ClientFrame,
  type Knock,
  type MemberInfo,
  type RoomState,
} from '../../shared/protocol';
import type { BackgroundToTab, ConnectionStatus, RoomInfo } from '../common/tab-messages';
import { relaySocketUrl } from '../common/relay-url';
import { getNickname } from '../common/settings';
import { RoomConnection } from './room-connection';
import type { Identity } from './identity';
import type { TabRoom } from './tab-rooms';

/** What a session asks of the tabs around it; it never reaches for them itself. */
export interface TabSessionHost {
  /** Whose identity the relay is told (so host and removal follow the user). */
  readonly identity: Identity;
  /** To the tab's page, if one is connected. */
  post(tabId: number, message: BackgroundToTab): void;
  /** The relay welcomed the room's first member: a rejoin must not offer the creator's player. */
  roomExists(session: TabSession): void;
  /** The room moved to another video (its queue, or Play next together). */
  roomMoved(session: TabSession, state: RoomState): void;
  /** The relay refused the room for good (unknown key, removed, full…). */
  roomRefused(session: TabSession, message: string): void;
  /** The session ended: it must be forgotten. */
  sessionEnded(session: TabSession): void;
}

export class TabSession {
  readonly key: string;
  /** What the tab should show; the room's moves to another video change it. */
  info: RoomInfo;
  /** The tab is loading the room's next video: its page going away must not end the session. */
  following = false;
  #memberId: string | null = null;
  #state: RoomState | null = null;
  #members: MemberInfo[] = [];
  /** Members the relay left out of `members` to fit one frame. */
  #unlisted = 0;
  #hostOnly = false;
  #letInOnly = false;
  /** Who is waiting to be let in (shown to the host only). */
  #knocks: Knock[] = [];
  /** Recent chat, so a reloaded page shows it again. */
  #chat: ChatMessage[] = [];
  #status: ConnectionStatus = 'connecting';
  #message: string | undefined;
  #ended = false;
  readonly #connection: RoomConnection;

  constructor(
    readonly tabId: number,
    room: TabRoom,
    relayUrl: string,
    private readonly host: TabSessionHost,
  ) {
    this.key = room.info.key;
    this.info = room.info;
    // The room exists after the first welcome: a rejoin must not offer the creator's old player.
    let offerInitial = room.initial !== undefined;
    const post = (message: BackgroundToTab) => host.post(tabId, message);
    this.#connection = new RoomConnection({
      relayUrl,
      socketUrl: relaySocketUrl(relayUrl),
      key: room.info.key,
      initial: room.initial,
      hello: async () => ({
        name: await getNickname(),
        session: await host.identity.currentSession(relayUrl).catch(() => undefined),
      }),
      events: {
        welcome: (frame) => {
          this.#memberId = frame.memberId;
          this.#state = frame.state;
          if (offerInitial) {
            offerInitial = false;
            host.roomExists(this);
          }
          if (frame.state.videoId !== this.info.youtubeId) {
            host.roomMoved(this, frame.state);
            return;
          }
          post({ type: 'room', room: this.info, memberId: frame.memberId });
          post({ type: 'state', state: frame.state, by: null, clockOffset: this.clockOffset });
        },
        state: (state, by) => {
          const moved = this.#state !== null && state.videoId !== this.#state.videoId;
          this.#state = state;
          if (moved) host.roomMoved(this, state);
          else post({ type: 'state', state, by, clockOffset: this.clockOffset });
        },
        members: (members, { hostOnly, letInOnly }, unlisted) => {
          this.#members = members;
          this.#hostOnly = hostOnly;
          this.#letInOnly = letInOnly;
          this.#unlisted = unlisted;
          post({ type: 'members', members, hostOnly, unlisted, letInOnly });
        },
        knocks: (knocks) => {
          this.#knocks = knocks;
          post({ type: 'knocks', knocks });
        },
        history: (messages) => {
          this.#chat = messages.slice(-CHAT_HISTORY);
          post({ type: 'history', messages });
        },
        message: (message) => {
          this.#chat = [...this.#chat, message].slice(-CHAT_HISTORY);
          post({ type: 'message', message });
        },
        reaction: (reaction) => post({ type: 'reaction', ...reaction }),
        notice: (code, message) => post({ type: 'notice', code, message }),
        clock: (clockOffset) => post({ type: 'clock', clockOffset }),
        status: (status, message) => {
          this.#status = status;
          this.#message = message;
          post({ type: 'status', status, message });
        },
        fatal: (message) => host.roomRefused(this, message),
      },
    });
  }

  get status(): ConnectionStatus {
    return this.#status;
  }

  /** Why the connection is in its status, when it says. */
  get message(): string | undefined {
    return this.#message;
  }

  get clockOffset(): number {
    return this.#connection.clockOffset;
  }

  /** Round-trip time to the relay, as the clock measures it. */
  get rtt(): number {
    return this.#connection.rtt;
  }

  start(): void {
    this.#connection.start();
  }

  /** Passes a frame on to the relay; false when not connected. */
  send(frame: Exclude<ClientFrame, { type: 'hello' | 'ping' }>): boolean {
    return this.#connection.sendRoomFrame(frame);
  }

  /** A page connected on the room's video (a reload, or the next one loaded): tell it everything. */
  resume(info: RoomInfo): void {
    this.following = false;
    this.info = info;
    const post = (message: BackgroundToTab) => this.host.post(this.tabId, message);
    post({ type: 'status', status: this.#status, message: this.#message });
    // Until the welcome, it will say all of this itself.
    if (this.#memberId === null || !this.#state) return;
    post({ type: 'room', room: info, memberId: this.#memberId });
    post({
      type: 'members',
      members: this.#members,
      hostOnly: this.#hostOnly,
      unlisted: this.#unlisted,
      letInOnly: this.#letInOnly,
    });
    post({ type: 'knocks', knocks: this.#knocks });
    post({ type: 'history', messages: this.#chat });
    post({ type: 'state', state: this.#state, by: null, clockOffset: this.clockOffset });
  }

  /** Closes the connection and lets the tabs forget this session; later calls do nothing. */
  end(): void {
    if (this.#ended) return;
    this.#ended = true;
    this.#connection.close();
    this.host.sessionEnded(this);
  }
}
