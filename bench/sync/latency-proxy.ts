/**
 * A local TCP proxy that adds a one-way delay with uniform jitter in each direction, standing in
 * for the network between one peer and the relay. Bytes keep their order per direction: each
 * chunk is released at max(arrival + delay, previous chunk's release), so jitter never reorders.
 * @module
 */
import { createServer, connect, type Server, type Socket } from 'node:net';
import type { AddressInfo } from 'node:net';
import { SeededRandom } from '../../test/support/seeded-random';

/** Delay of one direction, in ms: uniform in [delay − jitter, delay + jitter]. */
export interface OneWayDelay {
  delayMs: number;
  jitterMs: number;
}

export interface LatencyProxyOptions {
  /** Where the real server listens on 127.0.0.1. */
  targetPort: number;
  /** Client → target (e.g. peer → relay). */
  up: OneWayDelay;
  /** Target → client. */
  down: OneWayDelay;
  /** Seeds the jitter; each connection and direction derives its own stream from it. */
  seed: number;
}

export interface LatencyProxy {
  port: number;
  /** `http://127.0.0.1:<port>`. */
  url: string;
  close(): Promise<void>;
}

/** Queued bytes beyond which the source is paused, so a fast sender cannot grow memory. */
const HIGH_WATER_BYTES = 1 << 20;

/** Starts the proxy on a free loopback port. */
export async function startLatencyProxy(options: LatencyProxyOptions): Promise<LatencyProxy> {
  const sockets = new Set<Socket>();
  let connections = 0;
  const server: Server = createServer((client) => {
    const index = connections++;
    const upstream = connect(options.targetPort, '127.0.0.1');
    for (const socket of [client, upstream]) {
      sockets.add(socket);
      socket.setNoDelay(true);
      socket.once('close', () => sockets.delete(socket));
      // Either end failing ends the pair; the peer sees a dropped connection, as on a network.
      socket.once('error', () => {
        client.destroy();
        upstream.destroy();
      });
    }
    pipeDelayed(client, upstream, options.up, new SeededRandom(options.seed * 7919 + index * 2));
    pipeDelayed(
      upstream,
      client,
      options.down,
      new SeededRandom(options.seed * 7919 + index * 2 + 1),
    );
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', resolve);
  });
  const port = (server.address() as AddressInfo).port;
  return {
    port,
    url: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}

/** Forwards `from` → `to`, each chunk held for its drawn delay, never overtaking the previous. */
function pipeDelayed(from: Socket, to: Socket, delay: OneWayDelay, random: SeededRandom): void {
  let lastRelease = 0;
  let queued = 0;
  const release = (run: () => void): void => {
    lastRelease = Math.max(performance.now() + draw(delay, random), lastRelease);
    const wait = lastRelease - performance.now();
    if (wait <= 0) run();
    else setTimeout(run, wait);
  };
  from.on('data', (chunk: Buffer) => {
    queued += chunk.length;
    if (queued > HIGH_WATER_BYTES) from.pause();
    release(() => {
      queued -= chunk.length;
      if (!to.destroyed) to.write(chunk);
      if (queued <= HIGH_WATER_BYTES && from.isPaused()) from.resume();
    });
  });
  // A half-close travels with the same delay, after the last byte.
  from.once('end', () => release(() => to.end()));
  from.once('close', () => release(() => to.destroy()));
}

function draw({ delayMs, jitterMs }: OneWayDelay, random: SeededRandom): number {
  return Math.max(0, delayMs + (random.next() * 2 - 1) * jitterMs);
}
