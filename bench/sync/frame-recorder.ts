/**
 * The in-page recorder: logs every displayed frame of the main `<video>` as
 * (wall time, media time) with `requestVideoFrameCallback`, plus the player's events, and
 * performs the script's user actions so that their own events can be told apart.
 *
 * Wall time is `performance.timeOrigin + expectedDisplayTime`: every browser runs on this
 * machine, so it is one clock shared by all peers and by the benchmark process.
 * @module
 */
import type { Page } from 'playwright-core';

/** One player event as the page saw it. */
export interface RecordedEvent {
  type: string;
  wall: number;
  /** `currentTime` when it fired. */
  position: number;
  /** Caused by the script's own action on this page (not by the extension or the site). */
  scripted: boolean;
  /** Fired while the site showed an ad. */
  ad: boolean;
}

/** Everything a peer recorded. `frames` is flat: wall, mediaTime, ad (0/1), repeated. */
export interface Recording {
  frames: number[];
  events: RecordedEvent[];
}

/** A user action done in the page, as the script asks. */
export type PageAction =
  | { kind: 'pause' }
  | { kind: 'play' }
  | { kind: 'seekBy'; seconds: number }
  | { kind: 'rate'; rate: number };

/** When the action ran (shared wall clock) and where the player was. */
export interface ActionResult {
  wall: number;
  from: number;
  to: number;
}

// Plain JavaScript in a string: a serialised TypeScript function could carry helpers that the
// compiler injects (and that do not exist in the page).
const RECORDER = `(() => {
  if (window.__wwBench) return;
  const now = () => performance.timeOrigin + performance.now();
  const state = { frames: [], events: [], expect: { seeking: 0, ratechange: 0 }, video: null };
  const isAd = () => !!document.querySelector('#movie_player.ad-showing');
  const types = ['play', 'playing', 'pause', 'seeking', 'seeked', 'ratechange', 'waiting'];
  const onEvent = (event) => {
    const video = event.target;
    let scripted = false;
    if (state.expect[event.type] > 0) {
      state.expect[event.type] -= 1;
      scripted = true;
    }
    state.events.push({ type: event.type, wall: now(), position: video.currentTime, scripted, ad: isAd() });
  };
  const onFrame = (video) => (_now, meta) => {
    if (state.video !== video) return;
    state.frames.push(performance.timeOrigin + meta.expectedDisplayTime, meta.mediaTime, isAd() ? 1 : 0);
    video.requestVideoFrameCallback(onFrame(video));
  };
  const check = () => {
    const found = document.querySelector('#movie_player video.html5-main-video');
    if (found === state.video) return;
    for (const type of types) state.video?.removeEventListener(type, onEvent);
    state.video = found;
    if (!found) return;
    for (const type of types) found.addEventListener(type, onEvent);
    found.requestVideoFrameCallback(onFrame(found));
  };
  new MutationObserver(check).observe(document.documentElement, { childList: true, subtree: true });
  check();
  window.__wwBench = {
    take: () => ({ frames: state.frames, events: state.events }),
    act: (action) => {
      const video = state.video;
      const from = video.currentTime;
      const wall = now();
      if (action.kind === 'pause') video.pause();
      else if (action.kind === 'play') void video.play();
      else if (action.kind === 'seekBy') {
        state.expect.seeking += 1;
        video.currentTime = from + action.seconds;
      } else {
        state.expect.ratechange += 1;
        video.playbackRate = action.rate;
      }
      return { wall, from, to: video.currentTime };
    },
  };
})()`;

/** The benchmark process's reading of the clock the pages use. */
export const wallNow = (): number => performance.timeOrigin + performance.now();

/** Installs the recorder in the page's main world (once per document). */
export async function installRecorder(page: Page): Promise<void> {
  await page.evaluate(RECORDER);
}

/** Does `action` in the page as a user would, through the `<video>` element. */
export function act(page: Page, action: PageAction): Promise<ActionResult> {
  return page.evaluate((a) => (window as unknown as BenchWindow).__wwBench.act(a), action);
}

/** Pulls everything recorded so far. */
export function takeRecording(page: Page): Promise<Recording> {
  return page.evaluate(() => (window as unknown as BenchWindow).__wwBench.take());
}

interface BenchWindow {
  __wwBench: { act(action: PageAction): ActionResult; take(): Recording };
}
