import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { afterEach, describe, expect, inject, it, vi } from 'vitest';
import { freshPrefix } from '../support/relay';

const root = join(import.meta.dirname, '..', '..');
const cleanups: (() => void)[] = [];
afterEach(() => {
  for (const cleanup of cleanups.splice(0)) cleanup();
});

describe('npm run cluster', () => {
  it('starts nodes and a balancer on one Redis, and stops them all on Ctrl-C', async () => {
    const child = spawn(
      join(root, 'node_modules', '.bin', 'tsx'),
      [join(root, 'scripts', 'cluster.ts'), '--nodes', '2', '--balance', '--balance-port', '0'],
      {
        cwd: root,
        // Its own process group, so that a failing test can stop the nodes too.
        detached: true,
        stdio: ['ignore', 'pipe', 'inherit'],
        env: {
          ...process.env,
          REDIS_URL: inject('redisUrl'),
          PORT: '0',
          KEY_PREFIX: freshPrefix(),
        },
      },
    );
    cleanups.push(() => {
      try {
        process.kill(-child.pid!, 'SIGKILL');
      } catch {
        // Already gone.
      }
    });
    let output = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (output += chunk));
    const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));

    await vi.waitFor(() => expect(output).toContain('Press Ctrl-C'), { timeout: 30_000 });
    const nodeUrls = [...output.matchAll(/^ {2}node-\d+ {2}(http:\/\/\S+)/gm)].map((m) => m[1]!);
    const balancerUrl = /^ {2}balancer {2}(http:\/\/\S+)/m.exec(output)?.[1];
    expect(nodeUrls).toHaveLength(2);
    expect(balancerUrl).toBeDefined();
    for (const url of [...nodeUrls, balancerUrl!]) {
      const response = await fetch(`${url.replace('localhost', '127.0.0.1')}/healthz`);
      expect(await response.json()).toEqual({ ok: true });
    }

    child.kill('SIGINT');
    expect(await exited).toBe(0);
    expect(output.match(/"event":"relay_closed"/g)).toHaveLength(2);
  }, 60_000);
});
