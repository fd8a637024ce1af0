/**
 * A minimal WebDriver BiDi client over `ws`: enough to drive Firefox (which speaks BiDi natively)
 * without Playwright, whose Firefox driver needs its own patched build.
 * @module
 */
import WebSocket from 'ws';

/** An error answer from the browser. */
export class BiDiError extends Error {
  override name = 'BiDiError';
  constructor(
    readonly method: string,
    readonly error: string,
    message: string,
  ) {
    super(`${method}: ${error}: ${message}`);
  }
}

type EventListener = (params: Record<string, unknown>) => void;

/** One BiDi connection: commands with typed-enough answers, and events by method name. */
export interface BiDiConnection {
  send<T = Record<string, unknown>>(method: string, params?: object): Promise<T>;
  on(method: string, listener: EventListener): () => void;
  close(): Promise<void>;
}

/** Opens a BiDi WebSocket (e.g. `ws://127.0.0.1:<port>/session`). */
export async function connectBiDi(url: string): Promise<BiDiConnection> {
  const socket = new WebSocket(url, { perMessageDeflate: false });
  await new Promise<void>((resolve, reject) => {
    socket.once('open', resolve);
    socket.once('error', reject);
  });
  let nextId = 1;
  const pending = new Map<
    number,
    { method: string; resolve(value: unknown): void; reject(error: Error): void }
  >();
  const listeners = new Map<string, Set<EventListener>>();
  socket.on('message', (data: Buffer) => {
    const message = JSON.parse(data.toString('utf8')) as {
      type: 'success' | 'error' | 'event';
      id?: number;
      result?: unknown;
      error?: string;
      message?: string;
      method?: string;
      params?: Record<string, unknown>;
    };
    if (message.type === 'event') {
      for (const listener of listeners.get(message.method ?? '') ?? []) listener(message.params!);
      return;
    }
    const waiting = message.id === undefined ? undefined : pending.get(message.id);
    if (!waiting) return;
    pending.delete(message.id!);
    if (message.type === 'success') waiting.resolve(message.result);
    else waiting.reject(new BiDiError(waiting.method, message.error ?? '?', message.message ?? ''));
  });
  socket.on('close', () => {
    for (const waiting of pending.values())
      waiting.reject(new Error(`${waiting.method}: the BiDi connection closed`));
    pending.clear();
  });
  return {
    send<T>(method: string, params: object = {}) {
      const id = nextId++;
      return new Promise<T>((resolve, reject) => {
        pending.set(id, { method, resolve: (value) => resolve(value as T), reject });
        socket.send(JSON.stringify({ id, method, params }));
      });
    },
    on(method, listener) {
      const set = listeners.get(method) ?? new Set();
      listeners.set(method, set);
      set.add(listener);
      return () => set.delete(listener);
    },
    close() {
      if (socket.readyState === WebSocket.CLOSED) return Promise.resolve();
      return new Promise((resolve) => {
        socket.once('close', () => resolve());
        socket.close();
      });
    },
  };
}
