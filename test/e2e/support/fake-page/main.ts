/**
 * The fake youtube.com watch page's own script, served as `/fake/player.js` (bundled from this
 * folder when the server starts). It behaves like YouTube where an extension can notice: in-app
 * navigation (to the app's other pages and the miniplayer: `app-views.ts`), the player API on
 * `#movie_player`, ads (`ads.ts`), a swapped `<video>` element, a playback
 * rate that resets itself, "Continue watching?" after a long time without input
 * (`still-watching.ts`), the end of a video with autoplay's Up next countdown (`autonav.ts`) and
 * videos YouTube will not play here (`playability.ts`).
 * The page enforces Trusted Types, so the DOM is built with createElement and textContent only.
 * @module
 */
import type { FakePlayerApi, FakeYouTubeControls } from '../fake-youtube-types';
import { showWatchPage, startAppViews } from './app-views';
import { startAutonav } from './autonav';
import { abortAds, contentTime, seekContent, startMidRoll, startVideo } from './ads';
import { byId, catalogue, page, play, player, required, seekWhenReady, video } from './page';
import { fetchPlayability, initialPlayability, playable, showPlayability } from './playability';
import { behindLiveEdge, loadVideo, setQuality, starve } from './dash-player';
import { askStillWatching } from './still-watching';

// PLAYER_STATE's values: a value import would not resolve in the browser, only types erase.
const UNSTARTED = -1;
const ENDED = 0;
const PLAYING = 1;
const PAUSED = 2;
const BUFFERING = 3;

function render(): void {
  document.title = `${page.current.title} - YouTube`;
  required('ytd-watch-flexy').setAttribute('video-id', page.current.id);
  required('h1 yt-formatted-string').textContent = page.current.title;
  const channel = required<HTMLAnchorElement>('#owner #channel-name a');
  channel.textContent = page.current.channel;
  channel.href = `/@${encodeURIComponent(page.current.channel.replace(/\s+/g, ''))}`;
  const related = required('#related');
  related.replaceChildren(
    ...catalogue.videos
      .filter((entry) => entry.id !== page.current.id)
      .map((entry) => {
        const link = document.createElement('a');
        link.className = 'yt-simple-endpoint related-video';
        link.href = `/watch?v=${entry.id}`;
        const title = document.createElement('span');
        title.id = 'video-title';
        title.textContent = entry.title;
        const channelName = document.createElement('span');
        channelName.className = 'channel-name';
        channelName.textContent = entry.channel;
        link.append(title, channelName);
        return link;
      }),
  );
}

function navigationDetail(): {
  pageType: string;
  endpoint: { watchEndpoint: { videoId: string } };
} {
  return { pageType: 'watch', endpoint: { watchEndpoint: { videoId: page.current.id } } };
}

/** YouTube's in-app navigation: same document, same `<video>`, new source and metadata. */
async function navigate(id: string, push: boolean): Promise<void> {
  const next = byId(id);
  if (!next) throw new Error(`fake youtube: no video ${id}`);
  abortAds();
  document.dispatchEvent(new CustomEvent('yt-navigate-start', { bubbles: true }));
  if (push) history.pushState({}, '', `/watch?v=${next.id}`);
  const playability = await fetchPlayability(next.id);
  page.current = next;
  showWatchPage();
  render();
  const element = video();
  if (showPlayability(playability)) {
    loadVideo(element, next);
    startVideo();
  }
  // YouTube finishes a navigation asynchronously, after the new page data has arrived.
  await new Promise((resolve) => setTimeout(resolve, 30));
  document.dispatchEvent(
    new CustomEvent('yt-navigate-finish', { bubbles: true, detail: navigationDetail() }),
  );
}

async function swapVideoElement(): Promise<void> {
  const old = video();
  const state = { time: old.currentTime, playing: !old.paused, rate: old.playbackRate };
  const fresh = document.createElement('video');
  for (const { name, value } of Array.from(old.attributes)) fresh.setAttribute(name, value);
  fresh.muted = old.muted;
  fresh.volume = old.volume;
  old.pause();
  old.replaceWith(fresh);
  old.removeAttribute('src');
  old.load();
  await seekWhenReady(fresh, state.time);
  fresh.playbackRate = state.rate;
  if (state.playing) play(fresh);
}

/**
 * Re-buffering, as when YouTube switches quality: the same video reloads, its first response
 * held back `ms` by the server, and playback carries on where it was.
 */
async function rebuffer(ms: number): Promise<void> {
  const element = video();
  const state = { time: element.currentTime, playing: !element.paused };
  element.src = `${page.current.src}?stall=${ms}&once=${Math.random().toString(36).slice(2)}`;
  await seekWhenReady(element, state.time);
  if (state.playing) play(element);
}

function resetRateSoon(delayMs = 300): void {
  setTimeout(() => {
    video().playbackRate = 1;
  }, delayMs);
}

const api: FakePlayerApi = {
  getCurrentTime: () => contentTime() ?? video().currentTime,
  getDuration: () => page.current.duration,
  getPlayerState: () => {
    if (!playable()) return UNSTARTED;
    const element = video();
    if (element.ended) return ENDED;
    if (element.paused) return PAUSED;
    return element.readyState < HTMLMediaElement.HAVE_FUTURE_DATA ? BUFFERING : PLAYING;
  },
  seekTo: (seconds) => {
    if (!seekContent(seconds)) video().currentTime = seconds;
  },
  playVideo: () => {
    if (playable()) play(video());
  },
  pauseVideo: () => video().pause(),
  getPlaybackRate: () => video().playbackRate,
  setPlaybackRate: (rate) => {
    video().playbackRate = rate;
  },
  getVideoData: () => ({
    video_id: page.current.id,
    title: page.current.title,
    author: page.current.channel,
    isLive: page.current.dash?.live !== undefined,
  }),
};
Object.assign(player, api);

const controls: FakeYouTubeControls = {
  showAd: (ms) => startMidRoll([{ ms }]),
  startMidRoll,
  swapVideoElement,
  navigate: (id) => navigate(id, true),
  rebuffer,
  resetRateSoon,
  starve,
  setQuality,
  behindLiveEdge,
  askStillWatching,
};
window.fakeYouTube = controls;

document.addEventListener('click', (event) => {
  const link = event.target instanceof Element ? event.target.closest('a[href]') : null;
  if (!(link instanceof HTMLAnchorElement) || link.origin !== location.origin) return;
  if (link.pathname !== '/watch' || event.defaultPrevented || event.button !== 0) return;
  if (event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return;
  const id = new URLSearchParams(link.search).get('v');
  if (!byId(id)) return;
  event.preventDefault();
  void navigate(id!, true);
});

window.addEventListener('popstate', () => {
  const id = new URLSearchParams(location.search).get('v');
  if (id && id !== page.current.id && byId(id)) void navigate(id, false);
});

startAppViews();
render();
startAutonav((id) => void navigate(id, true));
if (showPlayability(initialPlayability())) {
  // A plain file is the server's `src`; a DASH stream needs the page's MediaSource.
  if (page.current.dash) loadVideo(video(), page.current);
  startVideo();
}
// Real YouTube fires this on the first load as well as after each in-app navigation.
document.dispatchEvent(
  new CustomEvent('yt-navigate-finish', { bubbles: true, detail: navigationDetail() }),
);
