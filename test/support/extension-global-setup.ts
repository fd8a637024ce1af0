/**
 * Vitest global setup for the browser tests: builds the extension once, so the tests always load
 * what the source says (the default relay URL is replaced per peer through the popup's settings).
 * @module
 */
import { spawnSync } from 'node:child_process';
import { resolve } from 'node:path';

export default function setup() {
  const root = resolve(import.meta.dirname, '../..');
  const build = spawnSync(resolve(root, 'node_modules/.bin/wxt'), ['build'], {
    cwd: root,
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  if (build.status !== 0) throw new Error('wxt build failed; see the output above');
}
