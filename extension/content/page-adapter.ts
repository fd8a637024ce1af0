/**
 * The tab's view of the YouTube page: its main `<video>` as the page swaps it, the user's own
 * input, the tab showing again, in-app navigation, and the background's questions about what the
 * page shows.
 * @module
 */
import { browser } from 'wxt/browser';
import * as v from 'valibot';
import { MAX_RATE, MIN_RATE } from '../../shared/timeline-limits';
import { monotonicNow } from '../common/monotonic-now';
import { SnapshotRequestSchema, type TabSnapshot } from '../common/tab-messages';
import type { PlayerEvent } from './sync/player';
import type { TabContext } from './tab-context';
import { watchMainVideo } from './video-element-player';
import { findMainVideo, isLiveStream, readChannel, readTitle } from './youtube-page';

/** A speed change this soon after a click or key press is the user's own. */
const USER_INPUT_WINDOW_MS = 2000;

export interface PageEvents {
  /** The main `<video>`, now and whenever the page replaces it (null: none). */
  video(video: HTMLVideoElement | null): void;
  playerEvent(event: PlayerEvent): void;
  /** The tab was hidden or shown. */
  visibilityChanged(): void;
  /** The page moved to another address (YouTube is a single-page app) or fragment. */
  navigated(): void;
}

export interface PageAdapter {
  /** Whether the user pressed a key or a pointer on the page in the last moments. */
  userActedRecently(): boolean;
}

export function startPageAdapter(ctx: TabContext, events: PageEvents): PageAdapter {
  let lastUserInputAt = -Infinity;

  const videos = watchMainVideo(
    (video) => events.video(video),
    (event) => events.playerEvent(event),
  );
  ctx.onInvalidated(() => videos.stop());
  // Trusted input tells the user's own speed changes from YouTube's resets.
  for (const type of ['pointerdown', 'keydown'])
    ctx.addEventListener(
      window,
      type,
      (event) => {
        if (event.isTrusted) lastUserInputAt = monotonicNow();
      },
      { capture: true },
    );
  ctx.addEventListener(document, 'visibilitychange', () => events.visibilityChanged());

  // In-app navigation, and invite links opened on this page (they only ask: see
  // invite-prompt.ts).
  ctx.addEventListener(document, 'yt-navigate-finish', () => events.navigated());
  ctx.addEventListener(window, 'popstate', () => events.navigated());
  ctx.addEventListener(window, 'hashchange', () => events.navigated());

  // The runtime behind `wxt/browser` is webextension-polyfill (the WXT module), which answers
  // with a returned promise's value; WXT's Chrome-based types only know `sendResponse`.
  // eslint-disable-next-line @typescript-eslint/no-misused-promises
  browser.runtime.onMessage.addListener((raw: unknown) => {
    if (!v.is(SnapshotRequestSchema, raw)) return undefined;
    return Promise.resolve(pageSnapshot());
  });

  return {
    userActedRecently: () => monotonicNow() - lastUserInputAt < USER_INPUT_WINDOW_MS,
  };
}

/** The video page as the background asks for it (to create a room from it). */
function pageSnapshot(): TabSnapshot {
  const video = findMainVideo();
  return {
    title: readTitle(),
    channel: readChannel(),
    live: isLiveStream(),
    player: video
      ? {
          playing: !video.paused,
          position: video.currentTime,
          rate: Math.min(MAX_RATE, Math.max(MIN_RATE, video.playbackRate)),
        }
      : null,
  };
}
