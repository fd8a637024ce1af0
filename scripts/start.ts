/**
 * @module `npm start`: a local Redis (unless REDIS_URL points at one), the extension build, and
 * the relay, with one Ctrl-C to stop them all.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startLocalRedis } from './local-redis';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const bin = (name: string) => join(root, 'node_modules', '.bin', name);
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

async function startRedis(): Promise<string> {
  try {
    const { url, child } = await startLocalRedis(root);
    if (child) children.push(child);
    return url;
  } catch (error) {
    fail(error instanceof Error ? error.message : String(error));
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
