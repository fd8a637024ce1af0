/**
 * @module `npm start`: a local Redis (unless REDIS_URL points at one), the extension build, and
 * the relay, with one Ctrl-C to stop them all.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import Redis from 'ioredis';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const bin = (name: string) => join(root, 'node_modules', '.bin', name);
const LOCAL_REDIS_URL = 'redis://127.0.0.1:6380'; // the port in redis/redis.conf
const port = Number(process.env.PORT ?? 8787);
const relayUrl = process.env.WXT_RELAY_URL ?? `http://localhost:${port}`;

const children: ChildProcess[] = [];
let stopping = false;

function fail(message: string): never {
  console.error(`\n✖ ${message}`);
  stopping = true;
  // SIGTERM lets Redis flush its AOF and the relay close its sockets on their way out.
  for (const child of children) if (child.exitCode === null) child.kill('SIGTERM');
  process.exit(1);
}

async function answersPing(url: string): Promise<boolean> {
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

function hasCommand(name: string): boolean {
  return spawnSync('sh', ['-c', `command -v ${name}`], { stdio: 'ignore' }).status === 0;
}

/** Installs redis-server with apt-get when we may (root on Debian/Ubuntu), else says how. */
function ensureRedisServer(): void {
  if (hasCommand('redis-server')) return;
  const isRoot = process.getuid?.() === 0;
  if (isRoot && hasCommand('apt-get')) {
    console.log('• redis-server is missing: installing it with apt-get…');
    const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
    const update = spawnSync('apt-get', ['update', '-qq'], { stdio: 'inherit', env });
    const install = spawnSync('apt-get', ['install', '-y', '-qq', 'redis-server'], {
      stdio: 'inherit',
      env,
    });
    if (update.status === 0 && install.status === 0 && hasCommand('redis-server')) return;
  }
  fail(
    'redis-server is not installed.\n' +
      '  Debian/Ubuntu: sudo apt-get install redis-server\n' +
      '  macOS:         brew install redis\n' +
      '  Or point REDIS_URL at a Redis you already run, e.g. REDIS_URL=redis://127.0.0.1:6379 npm start',
  );
}

async function startLocalRedis(): Promise<string> {
  if (await answersPing(LOCAL_REDIS_URL)) {
    console.log(`• Using the Redis already running at ${LOCAL_REDIS_URL}`);
    return LOCAL_REDIS_URL;
  }
  ensureRedisServer();
  const dataDir = join(root, '.data', 'redis');
  mkdirSync(dataDir, { recursive: true });
  const redis = spawn('redis-server', [join(root, 'redis', 'redis.conf'), '--dir', dataDir], {
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  children.push(redis);
  for (let i = 0; i < 100; i++) {
    if (redis.exitCode !== null) fail(`redis-server exited with code ${redis.exitCode}`);
    if (await answersPing(LOCAL_REDIS_URL)) {
      console.log(`• Redis started at ${LOCAL_REDIS_URL} (data in ${dataDir})`);
      return LOCAL_REDIS_URL;
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  fail('redis-server did not answer within 10 s');
}

function buildExtension(): void {
  console.log(`• Building the extension for the relay at ${relayUrl}…`);
  const build = spawnSync(bin('wxt'), ['build'], {
    cwd: root,
    stdio: ['ignore', 'ignore', 'inherit'],
    env: { ...process.env, WXT_RELAY_URL: relayUrl },
  });
  if (build.status !== 0) fail('The extension build failed (see above).');
}

async function startRelay(redisUrl: string): Promise<void> {
  const relay = spawn(bin('tsx'), [join(root, 'server', 'main.ts')], {
    cwd: root,
    stdio: ['ignore', 'inherit', 'inherit'],
    env: { ...process.env, REDIS_URL: redisUrl, PORT: String(port) },
  });
  children.push(relay);
  relay.on('exit', (code) => {
    if (!stopping) fail(`The relay stopped unexpectedly (exit code ${code}).`);
  });
  const healthz = `http://127.0.0.1:${port}/healthz`;
  for (let i = 0; i < 150; i++) {
    const ok = await fetch(healthz).then(
      (r) => r.ok,
      () => false,
    );
    if (ok) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  fail(`The relay did not answer at ${healthz} within 15 s.`);
}

async function stopAll(): Promise<void> {
  stopping = true;
  // Newest first: the relay closes its sockets before Redis goes away.
  for (const child of children.reverse()) {
    if (child.exitCode !== null) continue;
    const exited = new Promise((r) => child.once('exit', r));
    child.kill('SIGTERM');
    await Promise.race([exited, new Promise((r) => setTimeout(r, 5000))]);
  }
}

for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.on(signal, () => {
    if (stopping) return;
    console.log('\n• Stopping…');
    void stopAll().then(() => process.exit(0));
  });
}

const redisUrl = process.env.REDIS_URL ?? (await startLocalRedis());
if (process.env.REDIS_URL) console.log(`• Using REDIS_URL ${redisUrl}`);
buildExtension();
await startRelay(redisUrl);
console.log(`
✔ We Watch is running.
  Relay:      ${relayUrl}
  Extension:  ${join(root, '.output', 'chrome-mv3')}

  Load it in Chrome or Chromium: open chrome://extensions, turn on Developer mode,
  click "Load unpacked" and choose the Extension folder above.

  Press Ctrl-C to stop.`);
