/**
 * Shared pieces of the integration tests: relays on the run's Redis with a private key prefix and
 * no per-IP limits, per-test cleanups, and a WebSocket client that records every frame it
 * receives.
 * @module
 */
import { afterEach, inject, vi } from 'vitest';
import { WebSocket, type ClientOptions } from 'ws';
import { ServerFrameSchema, parseFrame, type ServerFrame } from '../../shared/protocol';
import type { Log } from '../../server/log';
import type { RunningRelay } from '../../server/relay-server';
import { NO_IP_LIMITS, startRelayInProcess } from '../support/relay';

/** Polling settings for `vi.waitFor`: quick polls, generous ceiling. */
export const WAIT = { timeout: 5000, interval: 5 };

/**
 * Starts a relay on the run's redis-server (per-IP limits off unless a test sets them); `env`
 * overrides the test defaults and `log` hears the relay's events.
 */
export function startTestRelay(
  env: Record<string, string> = {},
  redisUrl = inject('redisUrl'),
  log?: Log,
): Promise<RunningRelay> {
  return startRelayInProcess({
    redisUrl,
    env: { ...NO_IP_LIMITS, ...env },
    ...(log ? { log } : {}),
  });
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
