/**
 * A live stream as youtube.com shows one: the MediaSource has an infinite duration and a
 * seekable window that grows with the live edge (segments exist only once the stream has
 * reached them), a viewer starts a few seconds behind the edge, and the player is marked live
 * (`ytp-live` on `#movie_player`, the **Live** badge in its time display, `isLive` in
 * `getVideoData()`). The stream loops the DASH clip, shifting each loop's timestamps on.
 * @module
 */
import type { PageDash } from '../fake-youtube-types';
import type { MseStream, SegmentClock } from './mse-stream';
import { player } from './page';

/** A new viewer starts this many whole segments behind the newest one. */
const START_SEGMENTS_BEHIND = 2;

/** Seconds of stream there are now. */
export function liveEdge(dash: PageDash): number {
  return dash.live ? Math.max(0, (Date.now() - dash.live.startedAt) / 1000) : 0;
}

/** Which segments an on-demand stream has (all of them) or a live one has reached. */
export function segmentClock(dash: PageDash): SegmentClock {
  if (!dash.live)
    return {
      available: () => true,
      past: (n) => n >= dash.segments,
      file: (n) => ({ number: n + 1, offsetS: 0 }),
    };
  const loopS = dash.segments * dash.segmentS;
  return {
    available: (n) => (n + 1) * dash.segmentS <= liveEdge(dash),
    past: () => false,
    file: (n) => ({
      number: (n % dash.segments) + 1,
      offsetS: Math.floor(n / dash.segments) * loopS,
    }),
  };
}

/** Starts a viewer behind the live edge and keeps the seekable window growing with it. */
export function startLive(stream: MseStream): () => void {
  const { dash, element, source } = stream;
  const s = dash.segmentS;
  const widen = () => {
    if (source.readyState === 'open') source.setLiveSeekableRange(0, liveEdge(dash));
  };
  widen();
  const newest = Math.floor(liveEdge(dash) / s) - 1;
  element.currentTime = Math.max(0, newest - START_SEGMENTS_BEHIND) * s;
  const timer = window.setInterval(widen, s * 250);
  return () => clearInterval(timer);
}

/** YouTube's live markings on the player, on or off. */
export function markLive(live: boolean): void {
  player.classList.toggle('ytp-live', live);
  let display = player.querySelector('.ytp-time-display');
  if (!display) {
    const bottom = document.createElement('div');
    bottom.className = 'ytp-chrome-bottom';
    bottom.style.cssText = 'position:absolute;left:12px;bottom:8px;color:#fff';
    const controls = document.createElement('div');
    controls.className = 'ytp-left-controls';
    display = document.createElement('div');
    display.className = 'ytp-time-display notranslate';
    const badge = document.createElement('button');
    // Disabled while at the live head: it is a "go to live" button otherwise.
    badge.className = 'ytp-live-badge ytp-button';
    badge.disabled = true;
    badge.textContent = 'Live';
    display.append(badge);
    controls.append(display);
    bottom.append(controls);
    player.append(bottom);
  }
  display.classList.toggle('ytp-live', live);
  const badge = display.querySelector<HTMLElement>('.ytp-live-badge');
  if (badge) badge.hidden = !live;
}
