/**
 * The stream YouTube really plays: DASH segments for Media Source Extensions, one video track in
 * two renditions (180p and 360p) and one audio track, each an init segment plus 2 s media
 * segments (WebM clusters), made with ffmpeg at test time and cached under `.e2e/` like the clips.
 * @module
 */
import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdir, readdir, rename } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { burntInLabel, cached } from './media';

const run = promisify(execFile);

/** The stream's length; a live stream loops it (see `fake-page/live-stream.ts`). */
export const DASH_SECONDS = 60;
/** Each media segment's length: a keyframe every second, two per segment. */
export const DASH_SEGMENT_S = 2;
/** Video renditions by YouTube's quality label, as `[label, width, height]`. */
export const DASH_RENDITIONS = [
  ['180p', 320, 180],
  ['360p', 640, 360],
] as const;
export type RenditionLabel = (typeof DASH_RENDITIONS)[number][0];

/** Where the stream's files are: `<dir>/<track>/init.webm` and `<dir>/<track>/<n>.webm` (n ≥ 1). */
export interface DashMedia {
  dir: string;
  /** Media segments per track (audio may have one more, a few ms long). */
  segments: Record<RenditionLabel | 'audio', number>;
}

/** The cached DASH stream, made on first use (about 10 s). */
export async function dashMedia(): Promise<DashMedia> {
  const label = await burntInLabel('%{pts\\:hms}  f%{n}');
  const scaled = DASH_RENDITIONS.map(([name, w, h], i) => `[s${i}]scale=${w}:${h}[${name}]`);
  const split = `[0:v]${label ? `${label},` : ''}split=${DASH_RENDITIONS.length}`;
  const graph = `${split}${DASH_RENDITIONS.map((_, i) => `[s${i}]`).join('')};${scaled.join(';')}`;
  const args = [
    '-hide_banner',
    ...['-loglevel', 'error'],
    ...['-f', 'lavfi', '-i', `testsrc2=size=640x360:rate=25:duration=${DASH_SECONDS}`],
    ...['-f', 'lavfi', '-i', `sine=frequency=440:duration=${DASH_SECONDS}`],
    ...['-filter_complex', graph],
    ...DASH_RENDITIONS.flatMap(([name]) => ['-map', `[${name}]`]),
    ...['-map', '1:a'],
    ...['-c:v', 'libvpx-vp9', '-g', '25', '-keyint_min', '25', '-deadline', 'realtime'],
    ...['-cpu-used', '8', '-c:a', 'libopus'],
    ...['-f', 'dash', '-seg_duration', String(DASH_SEGMENT_S), '-dash_segment_type', 'webm'],
    ...['-adaptation_sets', 'id=0,streams=v id=1,streams=a'],
    ...['-init_seg_name', 'init-$RepresentationID$.webm'],
    ...['-media_seg_name', 'seg-$RepresentationID$-$Number$.webm'],
  ];
  const digest = createHash('sha256').update(args.join('\0')).digest('hex').slice(0, 10);
  const tracks = [...DASH_RENDITIONS.map(([name]) => name), 'audio'] as const;
  const dir = await cached(`dash-${DASH_SECONDS}s-${digest}`, Infinity, async (target, scratch) => {
    const out = join(scratch, 'out');
    await mkdir(out);
    await run('ffmpeg', [...args, '-y', join(out, 'stream.mpd')]);
    // ffmpeg numbers representations in map order: give each track a folder of its own.
    await mkdir(target);
    for (const [index, track] of tracks.entries()) {
      await mkdir(join(target, track));
      await rename(join(out, `init-${index}.webm`), join(target, track, 'init.webm'));
      for (const file of await readdir(out)) {
        const n = new RegExp(`^seg-${index}-(\\d+)\\.webm$`).exec(file)?.[1];
        if (n) await rename(join(out, file), join(target, track, `${n}.webm`));
      }
    }
  });
  const count = async (track: string) =>
    (await readdir(join(dir, track))).filter((file) => /^\d+\.webm$/.test(file)).length;
  return {
    dir,
    segments: Object.fromEntries(
      await Promise.all(tracks.map(async (track) => [track, await count(track)] as const)),
    ) as DashMedia['segments'],
  };
}
