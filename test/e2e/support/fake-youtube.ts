/**
 * A fake www.youtube.com over HTTPS on 127.0.0.1, reached by the browser through
 * `--host-resolver-rules`. Its watch pages copy the parts of YouTube an extension depends on: the
 * player DOM, the player API, in-app navigation, ads in the same `<video>`, and YouTube's Trusted
 * Types CSP, under which `innerHTML` in a content script throws.
 * @module
 */
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { createServer, type Server } from 'node:https';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { DASH_RENDITIONS, DASH_SEGMENT_S, dashMedia, type DashMedia } from './dash-media';
import type {
  AdBreak,
  FakeVideo,
  PageCatalogue,
  PageDash,
  PageVideo,
  PlayerResponse,
} from './fake-youtube-types';
import { upNextFor, visitorOf } from './recommendations';
import { CLIPS, clipPath, stitchedClipPath, youtubeCertificate, type ClipName } from './media';
import { playabilityFor, viewerOf } from './fake-playability';
import { escapeHtml } from './fake-html';
import { resultsPage, shortsPage } from './fake-pages';

/** The origin the browser uses for the fake site. */
export const YOUTUBE_ORIGIN = 'https://www.youtube.com';

/** The default catalogue. The last title is markup on purpose: it must show up as plain text. */
export const DEFAULT_VIDEOS: readonly FakeVideo[] = [
  { id: 'aaaaaaaaaa1', title: 'Sync Test Pattern A', channel: 'We Watch Tests', clip: 'long' },
  { id: 'bbbbbbbbbb2', title: 'Sync Test Pattern B', channel: 'Second Channel', clip: 'long' },
  { id: 'ccccccccc03', title: 'Short Clip C', channel: 'Clips & Co', clip: 'short' },
  { id: 'dddddddddd4', title: 'Short Clip D', channel: 'Clips & Co', clip: 'short' },
  { id: 'eeee-eee_05', title: 'Tags <b>stay</b> "text"', channel: '<i>Quoted</i>', clip: 'short' },
  // Played to some browsers only, by their cookies (`fake-playability.ts`).
  {
    id: 'geoblocked6',
    title: 'Regional Broadcast',
    channel: 'Regional TV',
    clip: 'long',
    restriction: { kind: 'region', blockedIn: ['DE'] },
  },
  {
    id: 'agerestrict',
    title: 'Grown-ups Only',
    channel: 'Late Night',
    clip: 'long',
    restriction: { kind: 'age' },
  },
  {
    id: 'membersonly',
    title: 'Members Special',
    channel: 'Clips & Co',
    clip: 'long',
    restriction: { kind: 'members', members: ['member-account'] },
  },
  { id: 'dashdashd06', title: 'Adaptive Stream F', channel: 'We Watch Tests', clip: 'dash' },
  { id: 'livelivel07', title: 'Live Now G', channel: 'Live Channel', clip: 'live' },
];

/** How long the fake live stream has been on air when the site starts. */
const LIVE_ON_AIR_S = 30;

/**
 * YouTube's kind of CSP: Trusted Types make `innerHTML` throw (in content scripts too), and no
 * inline script may run.
 */
export const YOUTUBE_CSP = [
  "require-trusted-types-for 'script'",
  "trusted-types default yt-player 'allow-duplicates'",
  "script-src 'self'",
  "object-src 'none'",
].join('; ');

/** A running fake youtube.com. */
export interface FakeYouTube {
  /** The HTTPS port on 127.0.0.1 (map youtube.com hosts to it). */
  port: number;
  videos: readonly FakeVideo[];
  /** `https://www.youtube.com/watch?v=<id>`. */
  watchUrl(id: string): string;
  /**
   * The ad breaks each video's player response carries, by video id, for viewers without
   * Premium (a browser with the `PREMIUM=1` cookie gets none). Read on every page load. A video's
   * first stitched break is stitched into its stream; others are not served.
   */
  adBreaks: Map<string, AdBreak[]>;
  /** Every request seen, in order, as `METHOD /path?query` (plus ` bytes=…` for ranges). */
  requests: string[];
  close(): Promise<void>;
}

/** Starts the fake site on a free port. */
export async function startFakeYouTube(
  options: { videos?: readonly FakeVideo[] } = {},
): Promise<FakeYouTube> {
  const videos = options.videos ?? DEFAULT_VIDEOS;
  const [certificate, playerScript, dash] = await Promise.all([
    youtubeCertificate(),
    pageScript(),
    dashMedia(),
  ]);
  const liveStartedAt = Date.now() - LIVE_ON_AIR_S * 1000;
  const clips = Object.fromEntries(
    await Promise.all(
      (Object.keys(CLIPS) as ClipName[]).map(async (name) => [name, await clipPath(name)] as const),
    ),
  ) as Record<ClipName, string>;
  const catalogue: PageCatalogue = {
    videos: videos.map((video): PageVideo => {
      const about = { id: video.id, title: video.title, channel: video.channel };
      if (video.clip === 'dash' || video.clip === 'live') {
        const live = video.clip === 'live' ? { startedAt: liveStartedAt } : undefined;
        const stream = pageDash(dash, live);
        return {
          ...about,
          src: '',
          duration: live ? 0 : stream.segments * DASH_SEGMENT_S,
          dash: stream,
        };
      }
      return { ...about, src: `/media/${video.clip}.webm`, duration: CLIPS[video.clip].seconds };
    }),
    adSrc: '/media/ad.webm',
    upNext: {},
    adBreaks: {},
  };
  const requests: string[] = [];
  const stalled = new Set<string>();
  const adBreaks = new Map<string, AdBreak[]>();

  /** YouTube's player response for video `id`, for the browser that asks. */
  function playerResponse(id: string, request: IncomingMessage): PlayerResponse {
    const video = videos.find((entry) => entry.id === id);
    return {
      videoId: id,
      playabilityStatus: video
        ? playabilityFor(video, viewerOf(request))
        : { status: 'ERROR', reason: 'Video unavailable', subreason: 'This video is unavailable' },
    };
  }

  const server: Server = createServer(certificate, (request, response) => {
    const range = request.headers.range ? ` ${request.headers.range}` : '';
    requests.push(`${request.method} ${request.url}${range}`);
    route(request, response).catch((error: unknown) => {
      if (!response.headersSent) response.writeHead(500, { 'content-type': 'text/plain' });
      response.end(String(error));
    });
  });

  async function route(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const url = new URL(request.url ?? '/', YOUTUBE_ORIGIN);
    // The player endpoint in-app navigation asks for each video's player response.
    if (url.pathname === '/youtubei/v1/player' && request.method === 'POST')
      return json(response, playerResponse(await requestedVideoId(request), request));
    if (request.method !== 'GET' && request.method !== 'HEAD') return notFound(response);
    if (url.pathname === '/') return html(response, 200, homePage(catalogue));
    if (url.pathname === '/watch') {
      const served = servedTo(request, catalogue, adBreaks);
      const video = served.videos.find((entry) => entry.id === url.searchParams.get('v'));
      if (!video)
        return html(response, 404, page('Video unavailable', '<p>This video is unavailable.</p>'));
      // Recommendations are the visitor's own.
      const visitor = visitorOf(request);
      if (visitor.setCookie) response.setHeader('set-cookie', visitor.setCookie);
      const upNext = upNextFor(visitor.id, catalogue.videos);
      return html(
        response,
        200,
        watchPage({ ...served, upNext }, video, playerResponse(video.id, request)),
      );
    }
    const short = /^\/shorts\/([A-Za-z0-9_-]{11})$/.exec(url.pathname)?.[1];
    const shortVideo = catalogue.videos.find((entry) => entry.id === short);
    if (shortVideo)
      return html(response, 200, page(`${shortVideo.title} - YouTube`, shortsPage(shortVideo)));
    if (url.pathname === '/results') {
      const query = url.searchParams.get('search_query') ?? '';
      return html(response, 200, page(`${query} - YouTube`, resultsPage(catalogue, query)));
    }
    // Browsers ask for it on every page; a 404 would only add noise to the peers' logs.
    if (url.pathname === '/favicon.ico') return void response.writeHead(204).end();
    if (url.pathname === '/fake/player.js') {
      response.writeHead(200, {
        'content-type': 'text/javascript; charset=utf-8',
        'cache-control': 'no-store',
      });
      return void response.end(request.method === 'HEAD' ? undefined : playerScript);
    }
    const stitched = /^\/media\/stitched\/([\w-]{11})\.webm$/.exec(url.pathname)?.[1];
    const stitchedBreak = stitched ? firstStitched(adBreaks.get(stitched)) : undefined;
    const stitchedClip = videos.find((entry) => entry.id === stitched)?.clip;
    if (stitchedBreak && stitchedClip && isFileClip(stitchedClip)) {
      const adSeconds = stitchedBreak.ads.reduce((sum, ad) => sum + ad.ms, 0) / 1000;
      const path = await stitchedClipPath(stitchedClip, stitchedBreak.offsetS, adSeconds);
      return sendRanged(request, response, path);
    }
    const media = /^\/media\/([a-z]+)\.webm$/.exec(url.pathname)?.[1];
    if (media && media in clips) {
      // `rebuffer()` asks for a stall: hold back the first response for that load only.
      const stall = Number(url.searchParams.get('stall') ?? 0);
      const once = url.searchParams.get('once');
      if (stall > 0 && once && !stalled.has(once)) {
        stalled.add(once);
        await new Promise((resolve) => setTimeout(resolve, Math.min(stall, 30_000)));
      }
      return sendRanged(request, response, clips[media as ClipName]);
    }
    const segment = /^\/media\/dash\/(\d+p|audio)\/(init|\d+)\.webm$/.exec(url.pathname);
    if (segment && segment[1]! in dash.segments)
      return sendRanged(request, response, `${dash.dir}/${segment[1]}/${segment[2]}.webm`);
    return notFound(response);
  }

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', resolve);
  });
  return {
    port: (server.address() as AddressInfo).port,
    videos,
    requests,
    adBreaks,
    watchUrl: (id) => `${YOUTUBE_ORIGIN}/watch?v=${id}`,
    close: () =>
      new Promise((resolve) => {
        // Browsers keep connections alive (and media requests open); close() alone would wait.
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** A YouTube Premium member: the browser's cookie says so, as YouTube's sign-in cookies do. */
function isPremium(request: IncomingMessage): boolean {
  return /(?:^|;\s*)PREMIUM=1(?:;|$)/.test(request.headers.cookie ?? '');
}

/** Ads are stitched into plain files only, not into a DASH stream. */
function isFileClip(clip: FakeVideo['clip']): clip is ClipName {
  return clip in CLIPS;
}

function firstStitched(breaks: readonly AdBreak[] | undefined): AdBreak | undefined {
  return breaks?.find((entry) => entry.stitched);
}

/**
 * The catalogue as this viewer's player responses give it: no ads for Premium, else the ad
 * breaks of each video, and a stitched stream for a video with stitched ads.
 */
function servedTo(
  request: IncomingMessage,
  catalogue: PageCatalogue,
  adBreaks: ReadonlyMap<string, AdBreak[]>,
): PageCatalogue {
  if (isPremium(request)) return { ...catalogue, adBreaks: null };
  return {
    ...catalogue,
    adBreaks: Object.fromEntries(adBreaks),
    videos: catalogue.videos.map((video) => {
      const stitched = firstStitched(adBreaks.get(video.id));
      return stitched ? { ...video, src: `/media/stitched/${video.id}.webm` } : video;
    }),
  };
}

/** Serves a file with single-range HTTP Range support: media elements seek through it. */
async function sendRanged(
  request: IncomingMessage,
  response: ServerResponse,
  path: string,
): Promise<void> {
  const size = (await stat(path)).size;
  const headers = {
    'content-type': 'video/webm',
    'accept-ranges': 'bytes',
    'cache-control': 'no-store',
  };
  const range = /^bytes=(\d*)-(\d*)$/.exec(request.headers.range ?? '');
  let start = 0;
  let end = size - 1;
  if (request.headers.range !== undefined) {
    if (!range || (range[1] === '' && range[2] === '')) return unsatisfiable(response, size);
    if (range[1] === '') {
      start = Math.max(0, size - Number(range[2]));
    } else {
      start = Number(range[1]);
      if (range[2] !== '') end = Math.min(end, Number(range[2]));
    }
    if (start > end || start >= size) return unsatisfiable(response, size);
    response.writeHead(206, {
      ...headers,
      'content-range': `bytes ${start}-${end}/${size}`,
      'content-length': end - start + 1,
    });
  } else {
    response.writeHead(200, { ...headers, 'content-length': size });
  }
  if (request.method === 'HEAD') return void response.end();
  const stream = createReadStream(path, { start, end });
  // The browser aborts media requests whenever it seeks; that is not an error here.
  response.once('close', () => stream.destroy());
  stream.pipe(response);
}

function unsatisfiable(response: ServerResponse, size: number): void {
  response.writeHead(416, { 'content-range': `bytes */${size}` });
  response.end();
}

function notFound(response: ServerResponse): void {
  response.writeHead(404, { 'content-type': 'text/plain; charset=utf-8' });
  response.end('Not found');
}

function html(response: ServerResponse, status: number, body: string): void {
  response.writeHead(status, {
    'content-type': 'text/html; charset=utf-8',
    'content-security-policy': YOUTUBE_CSP,
    'cache-control': 'no-store',
  });
  response.end(body);
}

function json(response: ServerResponse, body: unknown): void {
  response.writeHead(200, { 'content-type': 'application/json', 'cache-control': 'no-store' });
  response.end(JSON.stringify(body));
}

/** The `videoId` a player request's JSON body asks for. */
async function requestedVideoId(request: IncomingMessage): Promise<string> {
  let body = '';
  for await (const chunk of request) body += String(chunk);
  const parsed = JSON.parse(body || '{}') as { videoId?: unknown };
  return typeof parsed.videoId === 'string' ? parsed.videoId : '';
}

function page(title: string, body: string, head = ''): string {
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>${escapeHtml(title)}</title>${head}
<style>body{font-family:sans-serif;margin:0}#movie_player{position:relative;width:640px;height:360px;background:#000}
.html5-main-video{width:100%;height:100%}
.ytp-error{position:absolute;inset:0;display:flex;align-items:center;justify-content:center;color:#fff;text-align:center}#related a{display:block;margin:4px}.channel-name{margin-left:8px;color:#606060}</style></head>
<body>${body}</body></html>`;
}

function relatedLinks(catalogue: PageCatalogue, except?: string): string {
  return catalogue.videos
    .filter((video) => video.id !== except)
    .map(
      (video) =>
        `<a class="yt-simple-endpoint related-video" href="/watch?v=${video.id}">` +
        `<span id="video-title">${escapeHtml(video.title)}</span>` +
        `<span class="channel-name">${escapeHtml(video.channel)}</span></a>`,
    )
    .join('');
}

function homePage(catalogue: PageCatalogue): string {
  return page('YouTube', `<ytd-app><div id="contents">${relatedLinks(catalogue)}</div></ytd-app>`);
}

/** YouTube's watch page as far as extensions look at it (the selectors they use all match). */
function watchPage(catalogue: PageCatalogue, video: PageVideo, player: PlayerResponse): string {
  // JSON in a data block never runs, so it passes `script-src 'self'`; `<` is escaped so a
  // title cannot close the block.
  const data = JSON.stringify(catalogue).replace(/</g, '\\u003c');
  const response = JSON.stringify(player).replace(/</g, '\\u003c');
  // A video YouTube will not play here comes without a source; the page shows why instead.
  const src = player.playabilityStatus.status === 'OK' && video.src ? ` src="${video.src}"` : '';
  const body = `<ytd-app><div id="masthead"><a id="logo" href="/">YouTube</a>
<form id="search-form" action="/results"><input id="search" name="search_query" aria-label="Search">
<button id="search-icon-legacy" type="submit">Search</button></form></div>
<ytd-watch-flexy video-id="${video.id}"><div id="columns"><div id="primary">
<div id="player"><div id="movie_player" class="html5-video-player">
<div class="html5-video-container"><video class="html5-main-video" playsinline${src}></video></div>
</div></div>
<ytd-watch-metadata><div id="title"><h1><yt-formatted-string>${escapeHtml(video.title)}</yt-formatted-string></h1></div>
<div id="owner"><ytd-video-owner-renderer><ytd-channel-name id="channel-name"><div id="text-container">
<yt-formatted-string id="text"><a href="/@channel">${escapeHtml(video.channel)}</a></yt-formatted-string>
</div></ytd-channel-name></ytd-video-owner-renderer></div></ytd-watch-metadata>
</div><div id="secondary"><div id="related">${relatedLinks(catalogue, video.id)}</div></div></div>
</ytd-watch-flexy></ytd-app>
<script type="application/json" id="fake-catalogue">${data}</script>
<script type="application/json" id="fake-player-response">${response}</script>
<script type="module" src="/fake/player.js"></script>`;
  return page(`${video.title} - YouTube`, body);
}

/** The DASH stream as the page sees it: every track has as many segments as video does. */
function pageDash(media: DashMedia, live?: { startedAt: number }): PageDash {
  return {
    base: '/media/dash',
    renditions: DASH_RENDITIONS.map(([label, width, height]) => ({ label, width, height })),
    segments: Math.min(...DASH_RENDITIONS.map(([label]) => media.segments[label])),
    segmentS: DASH_SEGMENT_S,
    ...(live ? { live } : {}),
  };
}

let compiled: Promise<string> | undefined;

/**
 * The page script, bundled from `fake-page/` once per process: each of YouTube's behaviours the
 * page copies lives in a module of its own there.
 */
function pageScript(): Promise<string> {
  compiled ??= build({
    entryPoints: [fileURLToPath(new URL('./fake-page/main.ts', import.meta.url))],
    bundle: true,
    write: false,
    format: 'esm',
    target: 'es2022',
    logLevel: 'silent',
  }).then((result) => result.outputFiles[0]!.text);
  return compiled;
}
