/**
 * The production relay: `npm run build:relay` bundles `server/main.ts` into one file that plain
 * `node` runs where only the runtime dependencies are installed (as after `npm ci --omit=dev`).
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { createInterface } from 'node:readline';
import { afterAll, beforeAll, describe, expect, inject, it, vi } from 'vitest';
import type { RunningRelay } from '../../server/relay-server';
import { newVideo } from '../support/api';
import { freshPrefix } from '../support/relay';
import { TestClient, WAIT } from './harness';

const ROOT = resolve(import.meta.dirname, '../..');

/** A folder like a server's: the bundle, and the lock file's production packages alone. */
let serverDir: string;

/**
 * Links each top-level package that `npm ci --omit=dev` installs (those the lock file does not
 * mark `dev`) from this checkout's node_modules into `dir`'s.
 */
function linkProductionPackages(dir: string): void {
  const lock = JSON.parse(readFileSync(join(ROOT, 'package-lock.json'), 'utf8')) as {
    packages: Record<string, { dev?: boolean }>;
  };
  for (const [path, entry] of Object.entries(lock.packages)) {
    if (!path.startsWith('node_modules/') || path.includes('/node_modules/', 1) || entry.dev) {
      continue;
    }
    mkdirSync(dirname(join(dir, path)), { recursive: true });
    symlinkSync(join(ROOT, path), join(dir, path), 'dir');
  }
}

beforeAll(() => {
  const build = spawnSync('npm', ['run', '--silent', 'build:relay'], {
    cwd: ROOT,
    encoding: 'utf8',
  });
  expect(build.status, build.stderr).toBe(0);
  serverDir = mkdtempSync(join(tmpdir(), 'wewatch-relay-'));
  copyFileSync(join(ROOT, '.output/relay/relay.mjs'), join(serverDir, 'relay.mjs'));
  linkProductionPackages(serverDir);
}, 60_000);

afterAll(() => rmSync(serverDir, { recursive: true, force: true }));

/** Starts the bundle with plain node; resolves with the port it logged and its log so far. */
async function startBundle(): Promise<{ child: ChildProcess; port: number; events: unknown[] }> {
  const child = spawn(process.execPath, [join(serverDir, 'relay.mjs')], {
    cwd: serverDir,
    // Nothing of the test runner's environment (loaders, NODE_OPTIONS): a server's plain node.
    env: {
      PATH: process.env.PATH,
      REDIS_URL: inject('redisUrl'),
      HOST: '127.0.0.1',
      PORT: '0',
      NODE_ID: 'bundle',
      KEY_PREFIX: freshPrefix(),
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const events: unknown[] = [];
  const port = await new Promise<number>((resolvePort, reject) => {
    child.once('exit', (code) => reject(new Error(`relay exited with ${code}: ${stderr}`)));
    createInterface({ input: child.stdout }).on('line', (line) => {
      const event = JSON.parse(line) as { event: string; port?: number };
      events.push(event);
      if (event.event === 'relay_listening' && event.port !== undefined) resolvePort(event.port);
    });
  });
  return { child, port, events };
}

describe('the relay bundle', () => {
  it('runs on plain node with the production dependencies: healthz, a welcome, a clean stop', async () => {
    const { child, port, events } = await startBundle();
    const exited = new Promise<number | null>((resolveExit) => child.once('exit', resolveExit));
    try {
      const relay: RunningRelay = {
        port,
        url: `http://127.0.0.1:${port}`,
        close: () => Promise.resolve(),
      };
      const health = await fetch(`${relay.url}/healthz`);
      expect({ status: health.status, body: (await health.json()) as unknown }).toEqual({
        status: 200,
        body: { ok: true },
      });
      const video = await newVideo(relay);
      const { client, welcome } = await TestClient.join(relay, video.inviteKey);
      expect(welcome.state.videoId).toBe(video.youtubeId);
      client.close();
      await client.closed;

      child.kill('SIGTERM');
      expect(await exited).toBe(0);
      await vi.waitFor(() => {
        expect(events).toContainEqual(expect.objectContaining({ event: 'ws_joined' }));
        expect(events).toContainEqual(expect.objectContaining({ event: 'relay_closed' }));
      }, WAIT);
    } finally {
      child.kill('SIGKILL');
    }
  });
});
