/**
 * `npm run bench:sync`: measures how tightly real Chromium peers with the built extension stay
 * in sync through a real relay, with a configurable network delay between each peer and the
 * relay, and prints the figures beside their targets. A measurement, not a test: it exits 0
 * whether targets are met or not, and non-zero only when it could not measure.
 * @module
 */
import { writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { CleanupStack } from '../common/cleanup-stack';
import { parseOptions, type BenchOptions } from './options';
import { ensureExtensionBuild } from './extension-build';
import { longClipPath } from './long-clip';
import { formatRun } from './report';
import { clipSecondsFor } from './session-script';
import { computeMetrics } from './metrics';
import { runSession } from './session';

/** Fixed, so every run draws the same jitter. */
const SEED = 20240611;
const ROOT = resolve(import.meta.dirname, '../..');

const log = (line: string): void => console.log(line);

async function main(options: BenchOptions, cleanup: CleanupStack): Promise<void> {
  const started = Date.now();
  const extensionPath = await ensureExtensionBuild(ROOT, log);
  const clipSeconds = clipSecondsFor(options.durationS);
  const clip = { path: await longClipPath(clipSeconds), seconds: clipSeconds };
  log(`clip: ${clipSeconds} s test pattern, 25 fps (${clip.path})`);

  const runs: Array<{ peers: number; delayMs: number; jitterMs: number }> = [];
  for (const peers of options.peerCounts) {
    runs.push({ peers, delayMs: options.delayMs, jitterMs: options.jitterMs });
  }
  if (options.zeroDelay)
    for (const peers of options.peerCounts) runs.push({ peers, delayMs: 0, jitterMs: 0 });

  const tables: string[][] = [];
  for (const run of runs) {
    const runStarted = Date.now();
    log(`\nrun: ${run.peers} peers, one-way delay ${run.delayMs} ± ${run.jitterMs} ms`);
    try {
      const session = await runSession(
        {
          ...run,
          durationS: options.durationS,
          seed: SEED,
          extensionPath,
          clip,
          log,
          onBrowsersLaunched: keepSignalHandlersOurs,
        },
        cleanup,
      );
      const metrics = computeMetrics(session);
      const raw = join(tmpdir(), `wewatch-bench-${run.peers}p-${run.delayMs}ms.json`);
      await writeFile(
        raw,
        JSON.stringify({ run, session: { ...session, joinClicks: [...session.joinClicks] } }),
      );
      const table = formatRun(
        { ...run, durationS: options.durationS, wallS: (Date.now() - runStarted) / 1000 },
        metrics,
      );
      tables.push(table);
      log(table.join('\n'));
      log(`raw frames, events and revisions: ${raw}`);
    } finally {
      await cleanup.closeAll();
    }
  }
  if (tables.length > 1) {
    log('\nall runs:');
    for (const table of tables) log(table.join('\n'));
  }
  log(`\ntotal wall time: ${((Date.now() - started) / 1000).toFixed(1)} s`);
}

const cleanup = new CleanupStack();
let interrupted = false;
const SIGNALS = ['SIGINT', 'SIGTERM'] as const;
function onSignal(signal: NodeJS.Signals): void {
  if (interrupted) process.exit(130);
  interrupted = true;
  console.error(`\n${signal}: stopping browsers, relay, proxies, Redis and the site…`);
  void cleanup.closeAll().finally(() => process.exit(130));
}
for (const signal of SIGNALS) process.on(signal, onSignal);

/**
 * Playwright installs its own Ctrl-C handler with each browser, which exits the process as soon
 * as the browsers are gone, before Redis and the relay are stopped: only ours may stay.
 */
function keepSignalHandlersOurs(): void {
  for (const signal of SIGNALS) {
    for (const listener of process.listeners(signal)) {
      if (listener !== onSignal) process.off(signal, listener);
    }
  }
}

let options: BenchOptions;
try {
  options = parseOptions(process.argv.slice(2));
} catch (error) {
  console.error(error instanceof Error ? error.message : String(error));
  process.exit(2);
}
try {
  await main(options, cleanup);
} catch (error) {
  if (!interrupted) {
    console.error(
      `\nbench:sync could not finish: ${error instanceof Error ? error.message : String(error)}`,
    );
    await cleanup.closeAll();
    process.exitCode = 1;
  }
}
