/**
 * The Firefox build a Firefox peer installs. Extension pages cannot be opened over WebDriver
 * BiDi, so the popup's relay setting is out of reach: the build-time default (`WXT_RELAY_URL`)
 * stands in for it, in a separate output folder.
 * @module
 */
import { spawnSync } from 'node:child_process';
import { resolve } from 'node:path';

const ROOT = resolve(import.meta.dirname, '../../..');

/** The add-on's id (`browser_specific_settings.gecko.id`). */
export const GECKO_ID = 'we-watch@example.org';

/** Builds the Firefox extension for the test's relay; returns the unpacked folder. */
export function buildFirefoxFor(relayUrl: string): string {
  const build = spawnSync(
    resolve(ROOT, 'node_modules/.bin/wxt'),
    ['build', '-b', 'firefox', '--mode', 'e2e'],
    { cwd: ROOT, env: { ...process.env, WXT_RELAY_URL: relayUrl }, encoding: 'utf8' },
  );
  if (build.status !== 0) throw new Error(`wxt build -b firefox failed:\n${build.stderr}`);
  return resolve(ROOT, '.output/firefox-mv3-e2e');
}
