/**
 * @module The local Redis that `npm start` and `npm run cluster` run when `REDIS_URL` is unset:
 * `redis/redis.conf` on port 6380, data in `.data/redis`, reused if one already answers there.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { answersPing, startRedis, type RunningRedis } from '../test/support/redis-server';

const LOCAL_REDIS_PORT = 6380; // the port in redis/redis.conf
const LOCAL_REDIS_URL = `redis://127.0.0.1:${LOCAL_REDIS_PORT}`;

function hasCommand(name: string): boolean {
  return spawnSync('sh', ['-c', `command -v ${name}`], { stdio: 'ignore' }).status === 0;
}

/** Installs redis-server with apt-get when we may (root on Debian/Ubuntu), else throws how to. */
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
  throw new Error(
    'redis-server is not installed.\n' +
      '  Debian/Ubuntu: sudo apt-get install redis-server\n' +
      '  macOS:         brew install redis\n' +
      '  Or point REDIS_URL at a Redis you already run, e.g. REDIS_URL=redis://127.0.0.1:6379 npm start',
  );
}

/**
 * Starts the local Redis of the checkout at `root`, or reuses the one already answering. `redis`
 * is the server started (stop it with SIGTERM so it finishes its AOF), null when reused.
 */
export async function startLocalRedis(
  root: string,
): Promise<{ url: string; redis: RunningRedis | null }> {
  if (await answersPing(LOCAL_REDIS_URL)) {
    console.log(`• Using the Redis already running at ${LOCAL_REDIS_URL}`);
    return { url: LOCAL_REDIS_URL, redis: null };
  }
  ensureRedisServer();
  const dataDir = join(root, '.data', 'redis');
  mkdirSync(dataDir, { recursive: true });
  const redis = await startRedis({
    configFile: join(root, 'redis', 'redis.conf'),
    port: LOCAL_REDIS_PORT,
    dir: dataDir,
    showErrors: true,
    timeoutMs: 10_000,
  });
  console.log(`• Redis started at ${LOCAL_REDIS_URL} (data in ${dataDir})`);
  return { url: LOCAL_REDIS_URL, redis };
}
