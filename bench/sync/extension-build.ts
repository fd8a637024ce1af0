/**
 * Makes sure `.output/chrome-mv3` is built from the current extension sources.
 * @module
 */
import { spawn } from 'node:child_process';
import { readdir, stat } from 'node:fs/promises';
import { join } from 'node:path';

/** Sources whose change makes the build stale. */
const SOURCES = ['extension', 'shared', 'wxt.config.ts', 'package.json'];

/** Returns the build's path, rebuilding it first when missing or older than any source. */
export async function ensureExtensionBuild(
  root: string,
  log: (line: string) => void,
): Promise<string> {
  const output = join(root, '.output/chrome-mv3');
  const built = await stat(join(output, 'manifest.json')).catch(() => null);
  const newest = Math.max(...(await Promise.all(SOURCES.map((s) => newestMtime(join(root, s))))));
  if (built && built.mtimeMs >= newest) {
    log(
      `extension: using the build in .output/chrome-mv3 (up to date, ${new Date(built.mtimeMs).toISOString()})`,
    );
    return output;
  }
  log(
    `extension: ${built ? 'build is older than its sources' : 'no build yet'}; running wxt build…`,
  );
  const started = Date.now();
  await new Promise<void>((resolve, reject) => {
    const child = spawn(join(root, 'node_modules/.bin/wxt'), ['build'], {
      cwd: root,
      stdio: ['ignore', 'ignore', 'inherit'],
    });
    child.once('error', reject);
    child.once('exit', (code) =>
      code === 0 ? resolve() : reject(new Error(`wxt build exited with ${code}`)),
    );
  });
  log(`extension: built in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  return output;
}

async function newestMtime(path: string): Promise<number> {
  const info = await stat(path).catch(() => null);
  if (!info) return 0;
  if (!info.isDirectory()) return info.mtimeMs;
  // Tests are not part of the build; editing one must not trigger a rebuild.
  const entries = (await readdir(path)).filter((entry) => !/\.test\.tsx?$/.test(entry));
  const times = await Promise.all(entries.map((entry) => newestMtime(join(path, entry))));
  return Math.max(info.mtimeMs, ...times);
}
