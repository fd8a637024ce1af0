/**
 * Tiny HTTP servers for identity attacks and bad luck: a proxy in front of a real relay that
 * records every request body and can drop an answer after the relay sent it, and a fake relay of
 * someone else's that records what it is sent and hands out identities of its own.
 * @module
 */
import { randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface RecordingServer {
  /** `http://127.0.0.1:<port>`, usable as a relay URL. */
  url: string;
  /** Every request body received, in order, as text. */
  bodies: string[];
  /** Every answer body sent back (or dropped), in order, as text. */
  answers: string[];
  close(): Promise<void>;
}

export interface RecordingProxy extends RecordingServer {
  /**
   * The next `count` answers are dropped: the relay handles the request in full (its answer is
   * read), then the client's connection is cut before a byte of it arrives.
   */
  dropAnswers(count: number): void;
}

async function readBody(request: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

async function listen(
  handle: (
    request: IncomingMessage,
    response: ServerResponse,
    body: string,
  ) => Promise<void> | void,
): Promise<{ server: Server; url: string; bodies: string[]; answers: string[] }> {
  const bodies: string[] = [];
  const answers: string[] = [];
  const server = createServer((request, response) => {
    void readBody(request).then(async (body) => {
      bodies.push(body);
      await handle(request, response, body);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return { server, url: `http://127.0.0.1:${port}`, bodies, answers };
}

function closer(server: Server): () => Promise<void> {
  return () =>
    new Promise((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    });
}

/** A proxy to `target` (a relay's URL) that records bodies and can drop answers. */
export async function startRecordingProxy(target: string): Promise<RecordingProxy> {
  let drops = 0;
  const { server, url, bodies, answers } = await listen(async (request, response, body) => {
    const headers = new Headers();
    for (const [name, value] of Object.entries(request.headers)) {
      if (typeof value === 'string' && name !== 'host' && name !== 'content-length')
        headers.set(name, value);
    }
    const answer = await fetch(target + request.url, {
      method: request.method ?? 'GET',
      headers,
      ...(body !== '' ? { body } : {}),
    });
    const text = await answer.text();
    answers.push(text);
    if (drops > 0) {
      drops--;
      request.socket.destroy();
      return;
    }
    response.writeHead(answer.status, { 'Content-Type': 'application/json' });
    response.end(text);
  });
  return {
    url,
    bodies,
    answers,
    dropAnswers: (count) => (drops = count),
    close: closer(server),
  };
}

/** Someone else's relay: answers every `POST /api/session` with a new identity of its own. */
export async function startForeignRelay(): Promise<RecordingServer> {
  const secret = () => randomBytes(32).toString('base64url');
  const { server, url, bodies, answers } = await listen((request, response) => {
    response.writeHead(request.url === '/api/session' ? 200 : 404, {
      'Content-Type': 'application/json',
    });
    const text =
      request.url === '/api/session'
        ? JSON.stringify({
            token: secret(),
            session: secret(),
            userId: 'f'.repeat(32),
            sessionTtlSeconds: 3600,
          })
        : JSON.stringify({ error: { code: 'not_found' } });
    answers.push(text);
    response.end(text);
  });
  return { url, bodies, answers, close: closer(server) };
}
