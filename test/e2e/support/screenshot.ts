/**
 * Screenshots the browser tests take along the way. With `UPDATE_SCREENSHOTS=1` they go to
 * `docs/screenshots/`, where the README shows them; otherwise to the gitignored `test-results/`,
 * so an ordinary test run leaves the working tree as it was.
 * @module
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';

const ROOT = resolve(import.meta.dirname, '../../..');

/** Whether this run refreshes the README's screenshots. */
export const updatingScreenshots = process.env.UPDATE_SCREENSHOTS === '1';

/** Where the screenshot called `name` (say, `popup-room.png`) is written in this run. */
export function screenshotPath(name: string): string {
  return resolve(ROOT, updatingScreenshots ? 'docs/screenshots' : 'test-results', name);
}

/** Writes `png` as the screenshot called `name` and returns its path. */
export async function saveScreenshot(name: string, png: Uint8Array): Promise<string> {
  const path = screenshotPath(name);
  await mkdir(dirname(path), { recursive: true });
  await writeFile(path, png);
  return path;
}
