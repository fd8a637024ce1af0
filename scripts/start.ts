/**
 * @module `npm start`: a local Redis (unless REDIS_URL points at one), the extension build, and
 * the relay, with one Ctrl-C to stop them all.
 */
import { spawnSync } from 'node:child_process';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startRelayProcess } from '../test/support/relay-process';
import { startLocalRedis } from './local-redis';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const bin = (name: string) => join(root, 'node_modules', '.bin', name);
const port = Number(process.env.PORT ?? 8787);
const relayUrl = process.env.WXT_RELAY_URL ?? `http://localhost:${port}`;
/** How long the relay may take to start listening. */
const START_TIMEOUT_MS = 15_000;
/** How long Redis and the relay each get to stop before they are killed. */
const STOP_TIMEOUT_MS = 5000;

/** What this script started, oldest first. */
const started: Array<{ stop(): Promise<void> }> = [];
let stopping = false;

const message = (error: unknown) => (error instanceof Error ? error.message : String(error));

function fail(text: string): never {
  console.error(`\n✖ ${text}`);
  stopping = true;
  // SIGTERM (sent at once) lets Redis flush its AOF and the relay close its sockets on their way out.
  for (const running of started) void running.stop();
  process.exit(1);
}

async function startRedis(): Promise<string> {
  try {
    const { url, redis } = await startLocalRedis(root);
    if (redis) started.push({ stop: () => redis.stop('SIGTERM', STOP_TIMEOUT_MS) });
    return url;
  } catch (error) {
    fail(message(error));
  }
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
  try {
    const relay = await startRelayProcess(
      { REDIS_URL: redisUrl, PORT: String(port) },
      {
        name: 'The relay',
        // Its JSON-line log goes on to our stdout.
        onLine: (line) => process.stdout.write(`${line}\n`),
        timeoutMs: START_TIMEOUT_MS,
      },
    );
    started.push({ stop: () => relay.stop(STOP_TIMEOUT_MS) });
    void relay.exited.then(({ code }) => {
      if (!stopping) fail(`The relay stopped unexpectedly (exit code ${code}).`);
    });
  } catch (error) {
    fail(`${message(error)}.`);
  }
}

async function stopAll(): Promise<void> {
  stopping = true;
  // Newest first: the relay closes its sockets before Redis goes away.
  for (const running of started.reverse()) await running.stop();
}

for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.on(signal, () => {
    if (stopping) return;
    console.log('\n• Stopping…');
    void stopAll().then(() => process.exit(0));
  });
}

const redisUrl = process.env.REDIS_URL ?? (await startRedis());
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
