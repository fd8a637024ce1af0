/**
 * Starting redis-server: a throwaway one for a test or benchmark run (a free port, no
 * persistence, gone when stopped) or, from a config file, the long-lived one of `npm start`.
 * @module
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Redis from 'ioredis';
import { exitOf, stopChild } from './stop-child';

/** A free TCP port on loopback, as the kernel hands it out. */
export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() =>
        typeof address === 'object' && address
          ? resolve(address.port)
          : reject(new Error('no port')),
      );
    });
  });
}

/** Whether a Redis at `url` answers PING (one attempt, no retries). */
export async function answersPing(url: string): Promise<boolean> {
  const client = new Redis(url, {
    lazyConnect: true,
    maxRetriesPerRequest: 0,
    retryStrategy: () => null,
  });
  client.on('error', () => {});
  try {
    await client.connect();
    return (await client.ping()) === 'PONG';
  } catch {
    return false;
  } finally {
    client.disconnect();
  }
}

export interface RedisOptions {
  /**
   * A redis.conf to start from (its persistence and limits apply; `port` and `dir` override it).
   * Without one the server is throwaway: loopback only, no snapshots, AOF as `appendonly` says.
   */
  configFile?: string;
  /** A fixed port lets a caller stop Redis and start it again at the same address. */
  port?: number;
  /** Where Redis keeps its files; a fresh temporary folder (removed on stop) when unset. */
  dir?: string;
  /** Append-only file on (throwaway servers only; a config file says for itself). */
  appendonly?: boolean;
  /** Pass redis-server's stderr through (its own messages when it cannot start). */
  showErrors?: boolean;
  /** Give up when it has not answered PING within this long (default: wait for as long as it runs). */
  timeoutMs?: number;
}

export interface RunningRedis {
  url: string;
  port: number;
  pid: number;
  /**
   * SIGTERM lets Redis finish its AOF; SIGKILL is a crash. After `graceMs` a SIGTERM that has
   * not stopped it is followed by SIGKILL.
   */
  stop(signal?: 'SIGTERM' | 'SIGKILL', graceMs?: number): Promise<void>;
}

/** Starts redis-server (on a free port unless given one) and resolves once it answers PING. */
export async function startRedis(options: RedisOptions = {}): Promise<RunningRedis> {
  const port = options.port ?? (await freePort());
  const dir = options.dir ?? mkdtempSync(join(tmpdir(), 'wewatch-redis-'));
  const args = options.configFile
    ? [options.configFile]
    : ['--bind', '127.0.0.1', '--save', '', '--appendonly', options.appendonly ? 'yes' : 'no'];
  args.push('--port', String(port), '--dir', dir);
  let child: ChildProcess;
  try {
    child = spawn('redis-server', args, {
      stdio: ['ignore', 'ignore', options.showErrors ? 'inherit' : 'ignore'],
    });
  } catch (error) {
    throw new Error(`redis-server could not start (is it installed?): ${String(error)}`);
  }
  const failed = new Promise<never>((_, reject) => {
    child.once('error', (e) => reject(new Error(`redis-server could not start: ${e.message}`)));
    void exitOf(child).then(({ code }) =>
      reject(new Error(`redis-server exited early with code ${code}`)),
    );
  });
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<never>((_, reject) => {
    if (options.timeoutMs === undefined) return;
    const seconds = options.timeoutMs / 1000;
    timer = setTimeout(
      () => reject(new Error(`redis-server did not answer within ${seconds} s`)),
      options.timeoutMs,
    );
  });
  const url = `redis://127.0.0.1:${port}`;
  // The server needs a moment to listen: keep retrying until it answers, exits or is too late.
  const probe = new Redis(url, { retryStrategy: () => 50, maxRetriesPerRequest: null });
  probe.on('error', () => {});
  try {
    await Promise.race([probe.ping(), failed, late]);
  } catch (error) {
    child.kill('SIGKILL');
    throw error;
  } finally {
    clearTimeout(timer);
    probe.disconnect();
  }
  return {
    url,
    port,
    pid: child.pid ?? -1,
    async stop(signal = 'SIGTERM', graceMs) {
      if (child.exitCode !== null || child.signalCode !== null) return;
      await stopChild(child, signal, graceMs);
      if (!options.dir) rmSync(dir, { recursive: true, force: true });
    },
  };
}
