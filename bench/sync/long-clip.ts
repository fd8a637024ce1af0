/**
 * The benchmark's clip: the e2e test pattern, long enough for a full scripted session with seeks
 * (the fake site's own clips last 60 s). Made with ffmpeg on first use and cached beside the e2e
 * assets.
 * @module
 */
import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdir, rename, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { E2E_CACHE_DIR } from '../../test/e2e/support/media';

const run = promisify(execFile);

/** The cached clip's path: VP9 + Opus WebM, 320×180 at 25 fps, a keyframe every second. */
export async function longClipPath(seconds: number): Promise<string> {
  const target = join(E2E_CACHE_DIR, `bench-long-${seconds}s.webm`);
  if (await stat(target).catch(() => null)) return target;
  await mkdir(E2E_CACHE_DIR, { recursive: true });
  const temp = join(E2E_CACHE_DIR, `.bench-long-${randomBytes(6).toString('hex')}.webm`);
  // The same recipe as the e2e clips, so seeks and decoding cost the same.
  await run('ffmpeg', [
    ...['-hide_banner', '-loglevel', 'error'],
    ...['-f', 'lavfi', '-i', `testsrc2=size=320x180:rate=25:duration=${seconds}`],
    ...['-f', 'lavfi', '-i', `sine=frequency=440:duration=${seconds}`],
    ...['-c:v', 'libvpx-vp9', '-g', '25', '-deadline', 'realtime', '-cpu-used', '8'],
    ...['-c:a', 'libopus', '-shortest', '-y', temp],
  ]);
  await rename(temp, target);
  return target;
}
