/**
 * A throwaway redis-server for one test run: a free port, no persistence, gone when stopped.
 * @module
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Redis from 'ioredis';

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

export interface RunningRedis {
  url: string;
  port: number;
  /** SIGTERM lets Redis finish its AOF; SIGKILL is a crash. */
  stop(signal?: 'SIGTERM' | 'SIGKILL'): Promise<void>;
}

/** Starts redis-server (on a free port unless given one) and resolves once it answers PING. */
export async function startRedis(
  options: { appendonly?: boolean; dir?: string; port?: number } = {},
): Promise<RunningRedis> {
  // A fixed port lets a test stop Redis and start it again at the same address.
  const port = options.port ?? (await freePort());
  const dir = options.dir ?? mkdtempSync(join(tmpdir(), 'wewatch-redis-'));
  const args = ['--port', String(port), '--bind', '127.0.0.1', '--dir', dir, '--save', ''];
  args.push('--appendonly', options.appendonly ? 'yes' : 'no');
  let child: ChildProcess;
  try {
    child = spawn('redis-server', args, { stdio: 'ignore' });
  } catch (error) {
    throw new Error(`redis-server could not start (is it installed?): ${String(error)}`);
  }
  const exited = new Promise<never>((_, reject) => {
    child.once('error', (e) => reject(new Error(`redis-server could not start: ${e.message}`)));
    child.once('exit', (code) => reject(new Error(`redis-server exited early with code ${code}`)));
  });
  const url = `redis://127.0.0.1:${port}`;
  // The server needs a moment to listen: keep retrying until it answers or exits.
  const probe = new Redis(url, { retryStrategy: () => 50, maxRetriesPerRequest: null });
  probe.on('error', () => {});
  try {
    await Promise.race([probe.ping(), exited]);
  } catch (error) {
    child.kill('SIGKILL');
    throw error;
  } finally {
    probe.disconnect();
  }
  child.removeAllListeners('exit');
  return {
    url,
    port,
    async stop(signal = 'SIGTERM') {
      if (child.exitCode !== null) return;
      const done = new Promise((r) => child.once('exit', r));
      child.kill(signal);
      await done;
      if (!options.dir) rmSync(dir, { recursive: true, force: true });
    },
  };
}
