/**
 * The relay as the background meets it in unit tests: `fetch` answering its HTTP API from
 * memory, and a `WebSocket` class whose sockets the test opens, feeds and drops.
 * @module
 */
import { vi } from 'vitest';
import {
  PROTOCOL_VERSION,
  type ClientFrame,
  type InviteLookupResponse,
  type MemberInfo,
  type RoomState,
  type Video,
} from '../../../shared/protocol';

export const RELAY = 'http://relay.test';

const secret = (prefix: string, n: number) => `${prefix}${String(n).padStart(42, '0')}`;
/** A 26-character invite key made from a number. */
export const inviteKey = (n: number) => `k${String(n).padStart(25, '2')}`.replace(/[018-9]/g, 'a');

/** The relay's HTTP API: sessions, invite lookups and saving videos, as the extension uses it. */
export function fakeRelayApi() {
  const invites = new Map<string, InviteLookupResponse>();
  const saved = new Map<string, Video>();
  let issued = 0;
  let down = false;
  const fetch = vi.fn((url: string, init?: RequestInit): Promise<Response> => {
    const path = url.slice(RELAY.length);
    const body = JSON.parse(typeof init?.body === 'string' ? init.body : '{}') as Record<
      string,
      unknown
    >;
    if (down || !url.startsWith(RELAY)) return Promise.reject(new TypeError('Failed to fetch'));
    switch (path) {
      case '/api/session':
        issued++;
        return Promise.resolve(
          Response.json({
            token: secret('T', issued),
            session: secret('S', issued),
            userId: 'user-1',
            sessionTtlSeconds: 3600,
          }),
        );
      case '/api/invites/lookup': {
        const found = invites.get(String(body.key));
        return Promise.resolve(
          found
            ? Response.json(found)
            : Response.json(
                { error: { code: 'not_found', message: 'Not found' } },
                { status: 404 },
              ),
        );
      }
      case '/api/videos': {
        const youtubeId = String(body.youtubeId);
        const known = saved.get(youtubeId);
        const video: Video = known ?? {
          id: saved.size + 1,
          youtubeId,
          title: String(body.title),
          channel: typeof body.channel === 'string' ? body.channel : null,
          inviteKey: inviteKey(saved.size + 1),
          addedAt: 1,
          watchLater: false,
        };
        saved.set(youtubeId, video);
        invites.set(video.inviteKey, { kind: 'video', youtubeId, title: video.title });
        return Promise.resolve(Response.json(video, { status: known ? 200 : 201 }));
      }
    }
    return Promise.resolve(
      Response.json({ error: { code: 'not_found', message: 'Not found' } }, { status: 404 }),
    );
  });
  return {
    fetch,
    invites,
    saved,
    setDown(value: boolean) {
      down = value;
    },
  };
}

type Listener = ((event: never) => void) | null;

/** WebSocket as the browser offers it, driven from the relay's end by the test. */
export function fakeSockets() {
  const sockets: FakeSocket[] = [];
  class FakeSocket {
    static readonly CONNECTING = 0;
    static readonly OPEN = 1;
    static readonly CLOSING = 2;
    static readonly CLOSED = 3;
    readyState = FakeSocket.CONNECTING;
    onopen: Listener = null;
    onmessage: Listener = null;
    onclose: Listener = null;
    /** Frames the extension sent, parsed. */
    readonly sent: ClientFrame[] = [];
    /** How the extension closed it, if it did. */
    closedWith: { code: number; reason: string } | null = null;

    constructor(readonly url: string) {
      sockets.push(this);
    }

    send(data: string): void {
      this.sent.push(JSON.parse(data) as ClientFrame);
    }

    close(code = 1000, reason = ''): void {
      if (this.readyState === FakeSocket.CLOSED) return;
      this.closedWith = { code, reason };
      this.readyState = FakeSocket.CLOSED;
      queueMicrotask(() => this.#fire('onclose', { code, reason }));
    }

    /** The relay accepts the connection. */
    accept(): void {
      this.readyState = FakeSocket.OPEN;
      this.#fire('onopen', {});
    }

    /** The relay sends a frame. */
    receive(frame: object): void {
      this.#fire('onmessage', { data: JSON.stringify(frame) });
    }

    /** The connection ends from the relay's side (or the network's: 1006). */
    drop(code: number): void {
      this.readyState = FakeSocket.CLOSED;
      this.#fire('onclose', { code, reason: '' });
    }

    #fire(name: 'onopen' | 'onmessage' | 'onclose', event: object): void {
      (this[name] as ((event: object) => void) | null)?.(event);
    }
  }
  return {
    sockets,
    FakeSocket,
    install() {
      vi.stubGlobal('WebSocket', FakeSocket);
    },
    /** The socket opened last. */
    get last(): FakeSocket {
      const socket = sockets.at(-1);
      if (!socket) throw new Error('no socket was opened');
      return socket;
    },
  };
}
export type FakeSocket = InstanceType<ReturnType<typeof fakeSockets>['FakeSocket']>;

export function roomState(change: Partial<RoomState> = {}): RoomState {
  return {
    rev: 1,
    videoId: 'aaaaaaaaaaa',
    item: null,
    playing: true,
    position: 12,
    rate: 1,
    at: 1000,
    hold: null,
    ...change,
  };
}

export const member = (id: string, host = false): MemberInfo => ({
  id,
  name: `Name ${id}`,
  host,
  status: 'in_sync',
  error: null,
});

export function welcome(state: RoomState, memberId = 'm1', members = [member(memberId, true)]) {
  return {
    type: 'welcome',
    v: PROTOCOL_VERSION,
    memberId,
    video: { youtubeId: state.videoId, title: 'A video' },
    state,
    members,
    unlisted: 0,
    hostOnly: false,
    letInOnly: false,
    heartbeatMs: 15_000,
  };
}
