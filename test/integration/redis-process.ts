/**
 * A redis-server this test controls on a fixed port, so it can be stopped and started again at
 * the same address while relays keep reconnecting to it.
 * @module
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { Redis } from 'ioredis';

/** A running redis-server without persistence. */
export interface RedisProcess {
  url: string;
  stop(): Promise<void>;
}

/** Starts redis-server on `port` and resolves once it answers PING. */
export async function spawnRedis(port: number): Promise<RedisProcess> {
  const child: ChildProcess = spawn(
    'redis-server',
    ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'],
    { stdio: 'ignore' },
  );
  const url = `redis://127.0.0.1:${port}`;
  const probe = new Redis(url, { retryStrategy: () => 20, maxRetriesPerRequest: null });
  probe.on('error', () => {});
  try {
    await probe.ping();
  } finally {
    probe.disconnect();
  }
  return {
    url,
    async stop() {
      if (child.exitCode !== null) return;
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGKILL');
      await exited;
    },
  };
}
