/**
 * Shared pieces of the integration tests: relays on port 0 with a private key prefix, API calls
 * and a WebSocket client that records every frame it receives.
 * @module
 */
import { randomBytes } from 'node:crypto';
import * as v from 'valibot';
import { afterEach, inject, vi } from 'vitest';
import { WebSocket, type ClientOptions } from 'ws';
import {
  ApiErrorSchema,
  PlaylistSchema,
  ServerFrameSchema,
  SessionResponseSchema,
  VideoSchema,
  parseFrame,
  type ApiErrorBody,
  type Playlist,
  type ServerFrame,
  type SessionResponse,
  type Video,
} from '../../shared/protocol';
import { loadConfig } from '../../server/config';
import type { Log } from '../../server/log';
import { startRelay, type RunningRelay } from '../../server/relay-server';

/** Polling settings for `vi.waitFor`: quick polls, generous ceiling. */
export const WAIT = { timeout: 5000, interval: 5 };

/** A key prefix no other test uses. */
export function freshPrefix(): string {
  return `wwtest-${randomBytes(6).toString('hex')}:`;
}

/**
 * Per-IP limits are off unless a test sets them: every test client comes from 127.0.0.1, and
 * floods of clients are the point of some tests.
 */
const NO_IP_LIMITS = {
  MAX_CONNECTIONS_PER_IP: '0',
  JOINS_PER_IP_PER_MIN: '0',
  LOOKUPS_PER_IP_PER_MIN: '0',
  API_REQUESTS_PER_IP_PER_MIN: '0',
  IDENTITIES_PER_IP_PER_HOUR: '0',
};

/**
 * Starts a relay on the run's redis-server; `env` overrides the test defaults and `log` hears
 * the relay's events.
 */
export function startTestRelay(
  env: Record<string, string> = {},
  redisUrl = inject('redisUrl'),
  log?: Log,
): Promise<RunningRelay> {
  const config = loadConfig({ PORT: '0', KEY_PREFIX: freshPrefix(), ...NO_IP_LIMITS, ...env });
  return startRelay({ config, redisUrl, ...(log ? { log } : {}) });
}

/**
 * The calling file's per-test cleanups, run newest first after each test, and a relay that is
 * closed with them.
 */
export function testScope() {
  const cleanups: (() => Promise<unknown> | void)[] = [];
  afterEach(async () => {
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
  });
  return {
    cleanups,
    relayWith: async (env: Record<string, string> = {}): Promise<RunningRelay> => {
      const relay = await startTestRelay(env);
      cleanups.push(() => relay.close());
      return relay;
    },
  };
}

/** POSTs (or GETs, without a body) JSON and returns the status and parsed answer. */
export async function api(
  relay: RunningRelay,
  path: string,
  options: { body?: unknown; raw?: string; session?: string; method?: string } = {},
): Promise<{ status: number; json: unknown; headers: Headers }> {
  const hasBody = options.body !== undefined || options.raw !== undefined;
  const response = await fetch(relay.url + path, {
    method: options.method ?? (hasBody ? 'POST' : 'GET'),
    headers: {
      ...(hasBody ? { 'Content-Type': 'application/json' } : {}),
      ...(options.session ? { Authorization: `Bearer ${options.session}` } : {}),
    },
    body: options.raw ?? (options.body === undefined ? undefined : JSON.stringify(options.body)),
  });
  const json: unknown = await response.json().catch(() => null);
  return { status: response.status, json, headers: response.headers };
}

/** The `{ code, ...figures }` of an API error body (throws if the body is not one). */
export function apiError(json: unknown): ApiErrorBody {
  return v.parse(ApiErrorSchema, json).error;
}

/** A new anonymous user's session. */
export async function newSession(relay: RunningRelay): Promise<SessionResponse> {
  const { status, json } = await api(relay, '/api/session', { body: {} });
  if (status !== 200) throw new Error(`session failed with ${status}`);
  return v.parse(SessionResponseSchema, json);
}

/** Saves a video for a new user and returns it (its invite key opens a room). */
export async function newVideo(
  relay: RunningRelay,
  youtubeId = 'dQw4w9WgXcQ',
  title = 'A video',
): Promise<Video> {
  const { session } = await newSession(relay);
  const { status, json } = await api(relay, '/api/videos', {
    body: { youtubeId, title },
    session,
  });
  if (status !== 201) throw new Error(`save failed with ${status}`);
  return v.parse(VideoSchema, json);
}

/** A valid YouTube id made from `n`, for tests that need many distinct videos. */
export function youtubeId(n: number): string {
  return `yt${String(n).padStart(9, '0')}`;
}

/** Saves a video for the user of `session` (expects 200 or 201) and returns the entry. */
export async function saveVideo(
  relay: RunningRelay,
  session: string,
  body: { youtubeId: string; title: string; channel?: string | null },
): Promise<Video> {
  const { status, json } = await api(relay, '/api/videos', { body, session });
  if (status !== 200 && status !== 201) throw new Error(`save failed with ${status}`);
  return v.parse(VideoSchema, json);
}

/** Creates a playlist for the user of `session` holding `videoIds`, in that order. */
export async function createPlaylist(
  relay: RunningRelay,
  session: string,
  title: string,
  videoIds: number[] = [],
): Promise<Playlist> {
  const { status, json } = await api(relay, '/api/playlists', { body: { title }, session });
  if (status !== 201) throw new Error(`playlist creation failed with ${status}`);
  let playlist = v.parse(PlaylistSchema, json);
  for (const videoId of videoIds) {
    const added = await api(relay, `/api/playlists/${playlist.id}/items`, {
      body: { videoId },
      session,
    });
    if (added.status !== 200) throw new Error(`adding an item failed with ${added.status}`);
    playlist = v.parse(PlaylistSchema, added.json);
  }
  return playlist;
}

type FrameOf<T extends ServerFrame['type']> = Extract<ServerFrame, { type: T }>;

/** A WebSocket client that keeps every frame until a test takes it. */
export class TestClient {
  readonly #inbox: ServerFrame[] = [];
  #pings = 0;
  #barriers = 0;
  readonly closed: Promise<{ code: number; reason: string }>;

  private constructor(readonly ws: WebSocket) {
    ws.on('message', (data, isBinary) => {
      if (isBinary || !Buffer.isBuffer(data)) throw new Error('the relay sent a binary frame');
      const parsed = parseFrame(ServerFrameSchema, data.toString('utf8'));
      if (!parsed.ok) throw new Error(`the relay sent an invalid frame: ${parsed.error}`);
      this.#inbox.push(parsed.value);
    });
    this.closed = new Promise((resolve) => {
      ws.on('close', (code, reason) => resolve({ code, reason: reason.toString() }));
    });
  }

  /** Opens a socket to `relay`'s `/ws`. */
  static async connect(relay: RunningRelay, options: ClientOptions = {}): Promise<TestClient> {
    const ws = new WebSocket(`${relay.url.replace(/^http/, 'ws')}/ws`, options);
    await new Promise<void>((resolve, reject) => {
      ws.once('open', resolve);
      ws.once('error', reject);
    });
    return new TestClient(ws);
  }

  /**
   * Connects and joins the room of `inviteKey`, offering `hello.initial`, calling itself
   * `hello.name` and naming its user by `hello.session` if given (`options` go to the socket, such
   * as an `X-Forwarded-For` header); returns the client and its welcome.
   */
  static async join(
    relay: RunningRelay,
    inviteKey: string,
    hello: {
      initial?: { playing: boolean; position: number; rate: number };
      name?: string;
      session?: string;
    } = {},
    options: ClientOptions = {},
  ): Promise<{ client: TestClient; welcome: FrameOf<'welcome'> }> {
    const client = await TestClient.connect(relay, options);
    client.send({ type: 'hello', v: 1, key: inviteKey, ...hello });
    return { client, welcome: await client.next('welcome') };
  }

  /** Sends a frame: objects as JSON text, strings and buffers as they are. */
  send(frame: unknown): void {
    this.ws.send(
      typeof frame === 'string' || Buffer.isBuffer(frame) ? frame : JSON.stringify(frame),
    );
  }

  /** Takes the oldest unread frame of `type`, waiting for one if needed. */
  async next<T extends ServerFrame['type']>(type: T): Promise<FrameOf<T>> {
    return vi.waitFor(() => {
      const index = this.#inbox.findIndex((frame) => frame.type === type);
      if (index < 0) throw new Error(`no ${type} frame yet`);
      return this.#inbox.splice(index, 1)[0] as FrameOf<T>;
    }, WAIT);
  }

  /**
   * Takes the oldest unread frame of `type` that `match` accepts, waiting for one if needed, and
   * drops the older frames of that type: for frames that repeat, such as member lists.
   */
  async nextWhere<T extends ServerFrame['type']>(
    type: T,
    match: (frame: FrameOf<T>) => boolean,
  ): Promise<FrameOf<T>> {
    return vi.waitFor(() => {
      const index = this.#inbox.findIndex(
        (frame) => frame.type === type && match(frame as FrameOf<T>),
      );
      if (index < 0) throw new Error(`no matching ${type} frame yet`);
      const found = this.#inbox[index] as FrameOf<T>;
      for (let i = index; i >= 0; i--) {
        if (this.#inbox[i]?.type === type) this.#inbox.splice(i, 1);
      }
      return found;
    }, WAIT);
  }

  /** Frames received and not yet taken; `type` keeps only frames of that type. */
  unread(type?: ServerFrame['type']): readonly ServerFrame[] {
    return type === undefined ? this.#inbox : this.#inbox.filter((frame) => frame.type === type);
  }

  /** The relay's clock now, as a pong reads it (frames are handled in order of arrival). */
  async relayTime(): Promise<number> {
    const id = this.#pings++;
    this.send({ type: 'ping', id, t0: 0 });
    return (await this.nextWhere('pong', (pong) => pong.id === id)).t1;
  }

  /**
   * Waits until everything the relay published to this member's room before now has reached it:
   * a chat message of its own goes through the room's channel behind any change already made,
   * so once it is back, whatever was published before it is here too. For a member of a room,
   * with chat budget to spare.
   */
  async barrier(): Promise<void> {
    const text = `barrier ${this.#barriers++}`;
    this.send({ type: 'chat', text });
    await this.nextWhere('message', (frame) => frame.message.text === text);
  }

  /** Waits until the relay's clock has reached `time` (relay ms), asking it every 50 ms. */
  async relayTimeReaches(time: number): Promise<void> {
    await vi.waitFor(
      async () => {
        if ((await this.relayTime()) < time) throw new Error(`relay time not yet ${time}`);
      },
      { ...WAIT, interval: 50 },
    );
  }

  close(): void {
    this.ws.close();
  }
}
