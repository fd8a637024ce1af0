/**
 * Test assets made at test time and cached under `<repo>/.e2e/`: the fake youtube.com's
 * certificate and the video clips it serves. Every file is written to a temporary name and then
 * renamed, so parallel runs never see a half-written file.
 * @module
 */
import { execFile } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { mkdir, mkdtemp, readFile, rename, rm, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';

const run = promisify(execFile);

/** Where generated assets live (gitignored). */
export const E2E_CACHE_DIR = fileURLToPath(new URL('../../../.e2e/', import.meta.url));

/** Names of the generated clips. */
export type ClipName = 'long' | 'short' | 'ad';

/** What each clip is: its length and how it looks and sounds. */
export const CLIPS: Readonly<Record<ClipName, { seconds: number; source: string; tone: number }>> =
  {
    /** A full-length video for sync tests. */
    long: { seconds: 60, source: 'testsrc2', tone: 440 },
    /** Short enough to reach its end in a playlist test. */
    short: { seconds: 12, source: 'testsrc2', tone: 660 },
    /** Colour bars: an ad must look nothing like the content, so screenshots tell them apart. */
    ad: { seconds: 5, source: 'smptebars', tone: 1000 },
  };

/** A PEM private key and its self-signed certificate for youtube.com and its subdomains. */
export interface Certificate {
  key: string;
  cert: string;
}

/** Certificates are made for 30 days; remake them well before that. */
const CERT_MAX_AGE_MS = 20 * 24 * 3600 * 1000;
const CERT_HOSTS = ['www.youtube.com', 'youtube.com', 'm.youtube.com'];

const pending = new Map<string, Promise<string>>();

/** The cached certificate for the fake youtube.com, made with openssl on first use. */
export async function youtubeCertificate(): Promise<Certificate> {
  const path = await cached('youtube-cert.pem', CERT_MAX_AGE_MS, async (target, scratch) => {
    const keyPath = join(scratch, 'key.pem');
    const certPath = join(scratch, 'cert.pem');
    const san = CERT_HOSTS.map((host) => `DNS:${host}`).join(',');
    await run('openssl', [
      'req',
      '-x509',
      '-newkey',
      'rsa:2048',
      '-nodes',
      '-days',
      '30',
      '-subj',
      '/CN=www.youtube.com',
      '-addext',
      `subjectAltName=${san}`,
      '-keyout',
      keyPath,
      '-out',
      certPath,
    ]);
    // Key and certificate go into one file so a single rename publishes a matching pair.
    const pem = (await readFile(keyPath, 'utf8')) + (await readFile(certPath, 'utf8'));
    await writeFile(target, pem);
  });
  const pem = await readFile(path, 'utf8');
  const key = /-----BEGIN PRIVATE KEY-----[\s\S]+?-----END PRIVATE KEY-----/.exec(pem)?.[0];
  const cert = /-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/.exec(pem)?.[0];
  if (!key || !cert) throw new Error(`${path} does not hold a key and a certificate`);
  return { key, cert };
}

/** The cached clip's absolute path (VP9 + Opus WebM, a keyframe every second), made on first use. */
export async function clipPath(name: ClipName): Promise<string> {
  const clip = CLIPS[name];
  const label = await burntInLabel(name === 'ad' ? 'AD %{pts\\:hms}' : '%{pts\\:hms}  f%{n}');
  const args = [
    '-hide_banner',
    '-loglevel',
    'error',
    '-f',
    'lavfi',
    '-i',
    `${clip.source}=size=320x180:rate=25:duration=${clip.seconds}`,
    '-f',
    'lavfi',
    '-i',
    `sine=frequency=${clip.tone}:duration=${clip.seconds}`,
    ...(label ? ['-vf', label] : []),
    // One keyframe a second makes seeks about three times faster.
    ...['-c:v', 'libvpx-vp9', '-g', '25', '-deadline', 'realtime', '-cpu-used', '8'],
    ...['-c:a', 'libopus', '-shortest'],
  ];
  // The recipe is in the file name, so changing it never serves a stale clip.
  const digest = createHash('sha256').update(args.join('\0')).digest('hex').slice(0, 10);
  return cached(`${name}-${clip.seconds}s-${digest}.webm`, Infinity, async (target, scratch) => {
    const out = join(scratch, 'clip.webm');
    await run('ffmpeg', [...args, '-y', out]);
    await rename(out, target);
  });
}

/**
 * `content` with `adSeconds` of the ad clip stitched in at `atS`: one stream, as YouTube serves a
 * video whose ads are inserted on the server. Made from the cached clips on first use.
 */
export async function stitchedClipPath(
  content: ClipName,
  atS: number,
  adSeconds: number,
): Promise<string> {
  const [main, ad] = await Promise.all([clipPath(content), clipPath('ad')]);
  const part = (input: number, trim: string, label: string) =>
    `[${input}:v]trim=${trim},setpts=PTS-STARTPTS[v${label}];` +
    `[${input}:a]atrim=${trim},asetpts=PTS-STARTPTS[a${label}];`;
  const graph =
    part(0, `0:${atS}`, '0') +
    part(1, `0:${adSeconds}`, '1') +
    part(0, `${atS}`, '2') +
    '[v0][a0][v1][a1][v2][a2]concat=n=3:v=1:a=1[v][a]';
  const args = [
    ...['-hide_banner', '-loglevel', 'error', '-i', main, '-i', ad],
    ...['-filter_complex', graph, '-map', '[v]', '-map', '[a]'],
    ...['-c:v', 'libvpx-vp9', '-g', '25', '-deadline', 'realtime', '-cpu-used', '8'],
    ...['-c:a', 'libopus'],
  ];
  const digest = createHash('sha256').update(args.join('\0')).digest('hex').slice(0, 10);
  const name = `${content}-stitched-${atS}s-${adSeconds}s-${digest}.webm`;
  return cached(name, Infinity, async (target, scratch) => {
    const out = join(scratch, 'clip.webm');
    await run('ffmpeg', [...args, '-y', out]);
    await rename(out, target);
  });
}

/**
 * A drawtext filter printing a timecode in the frame, or null when this ffmpeg has no drawtext
 * (it needs libfreetype); testsrc2 already shows a frame counter of its own.
 */
export async function burntInLabel(text: string): Promise<string | null> {
  if (!(await hasDrawtext())) return null;
  return `drawtext=text='${text}':x=6:y=h-th-6:fontsize=18:fontcolor=white:box=1:boxcolor=black@0.6`;
}

let drawtext: Promise<boolean> | undefined;
function hasDrawtext(): Promise<boolean> {
  drawtext ??= run('ffmpeg', ['-hide_banner', '-filters']).then(
    ({ stdout }) => /\sdrawtext\s/.test(stdout),
    () => false,
  );
  return drawtext;
}

/**
 * The path of `<cache>/<name>`, made by `make(tempTarget, scratchDir)` if missing or older than
 * `maxAgeMs`. `make` writes to a temporary name that is renamed into place when it succeeds.
 */
export function cached(
  name: string,
  maxAgeMs: number,
  make: (target: string, scratch: string) => Promise<void>,
): Promise<string> {
  let promise = pending.get(name);
  if (!promise) {
    promise = (async () => {
      const target = join(E2E_CACHE_DIR, name);
      const info = await stat(target).catch(() => null);
      if (info && Date.now() - info.mtimeMs < maxAgeMs) return target;
      await mkdir(E2E_CACHE_DIR, { recursive: true });
      const scratch = await mkdtemp(join(E2E_CACHE_DIR, '.tmp-'));
      try {
        const temp = join(E2E_CACHE_DIR, `.${name}.${randomBytes(6).toString('hex')}.tmp`);
        await make(temp, scratch);
        await rename(temp, target);
      } finally {
        await rm(scratch, { recursive: true, force: true });
      }
      return target;
    })();
    // A failure is not cached: the next caller tries again.
    promise.catch(() => pending.delete(name));
    pending.set(name, promise);
  }
  return promise;
}
