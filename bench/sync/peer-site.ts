/**
 * One peer's view of youtube.com: an HTTPS front in front of the shared fake site that serves the
 * benchmark's long clip in place of the 60 s one, and can hold that peer's media requests to
 * force a real network stall in its player. Everything else is passed through unchanged.
 * @module
 */
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { createServer, request as httpsRequest, type Server } from 'node:https';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { youtubeCertificate } from '../../test/e2e/support/media';

export interface PeerSiteOptions {
  /** The fake youtube.com's HTTPS port. */
  upstreamPort: number;
  /** The clip to serve as `/media/long.webm`. */
  clipPath: string;
  clipSeconds: number;
}

export interface PeerSite {
  port: number;
  /** Media requests arriving (or still streaming) in the next `ms` get no bytes until it ends. */
  holdMedia(ms: number): void;
  close(): Promise<void>;
}

const LONG_SRC = '/media/long.webm';

export async function startPeerSite(options: PeerSiteOptions): Promise<PeerSite> {
  const certificate = await youtubeCertificate();
  const size = (await stat(options.clipPath)).size;
  let holdUntil = 0;
  const held = new Set<() => void>();

  const waitForRelease = (): Promise<void> => {
    const left = holdUntil - Date.now();
    if (left <= 0) return Promise.resolve();
    return new Promise((resolve) => {
      held.add(resolve);
      setTimeout(() => {
        held.delete(resolve);
        resolve();
      }, left);
    });
  };

  const server: Server = createServer(certificate, (request, response) => {
    const path = request.url ?? '/';
    const handled = path.startsWith(LONG_SRC)
      ? sendClip(request, response)
      : forward(request, response);
    handled.catch((error: unknown) => {
      if (!response.headersSent) response.writeHead(502, { 'content-type': 'text/plain' });
      response.end(String(error));
    });
  });

  async function sendClip(request: IncomingMessage, response: ServerResponse): Promise<void> {
    await waitForRelease();
    const range = /^bytes=(\d+)-(\d*)$/.exec(request.headers.range ?? '');
    const start = range ? Number(range[1]) : 0;
    const end = range?.[2] ? Math.min(size - 1, Number(range[2])) : size - 1;
    if (start >= size) {
      response.writeHead(416, { 'content-range': `bytes */${size}` });
      return void response.end();
    }
    response.writeHead(range ? 206 : 200, {
      'content-type': 'video/webm',
      'accept-ranges': 'bytes',
      'cache-control': 'no-store',
      'content-length': end - start + 1,
      ...(range ? { 'content-range': `bytes ${start}-${end}/${size}` } : {}),
    });
    if (request.method === 'HEAD') return void response.end();
    const stream = createReadStream(options.clipPath, { start, end });
    response.once('close', () => stream.destroy());
    // A hold also stops a response already streaming, so read-ahead cannot outlast it.
    stream.on('data', (chunk) => {
      stream.pause();
      void waitForRelease().then(() => {
        if (response.write(chunk)) stream.resume();
        else response.once('drain', () => stream.resume());
      });
    });
    stream.once('end', () => response.end());
  }

  function forward(request: IncomingMessage, response: ServerResponse): Promise<void> {
    return new Promise((resolve, reject) => {
      const upstream = httpsRequest(
        {
          host: '127.0.0.1',
          port: options.upstreamPort,
          path: request.url,
          method: request.method,
          headers: request.headers,
          rejectUnauthorized: false,
        },
        (answer) => {
          const isWatch = (request.url ?? '').startsWith('/watch');
          if (!isWatch) {
            response.writeHead(answer.statusCode ?? 502, answer.headers);
            answer.pipe(response);
            answer.once('end', resolve);
            return;
          }
          const chunks: Buffer[] = [];
          answer.on('data', (chunk: Buffer) => chunks.push(chunk));
          answer.once('end', () => {
            // The page's catalogue says how long the clip is; keep it truthful.
            const body = Buffer.from(
              Buffer.concat(chunks)
                .toString('utf8')
                .replace(
                  new RegExp(`("src":"${LONG_SRC}","duration":)\\d+`, 'g'),
                  `$1${options.clipSeconds}`,
                ),
            );
            // The body is sent whole now, with its new length instead of chunked.
            const { 'transfer-encoding': _chunked, ...headers } = answer.headers;
            headers['content-length'] = String(body.length);
            response.writeHead(answer.statusCode ?? 502, headers);
            response.end(body);
            resolve();
          });
        },
      );
      upstream.once('error', reject);
      request.pipe(upstream);
    });
  }

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', resolve);
  });
  return {
    port: (server.address() as AddressInfo).port,
    holdMedia(ms) {
      holdUntil = Math.max(holdUntil, Date.now() + ms);
    },
    close: () =>
      new Promise((resolve) => {
        for (const release of held) release();
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
