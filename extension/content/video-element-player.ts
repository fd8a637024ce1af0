/**
 * Adapts the page's native `<video>` to the `Player` that `PlayerSync` drives, and follows
 * YouTube when it swaps the element for a new one or shows an ad in it.
 * @module
 */
import type { Player, PlayerEvent } from './sync/player';
import { CONTENT_OFFSET_EVENT, CONTENT_OFFSET_REQUEST } from '../common/content-offset';
import { findMainVideo, isAdShowing } from './youtube-page';

const MEDIA_EVENTS = [
  'play',
  'playing',
  'pause',
  'seeking',
  'seeked',
  'ratechange',
  'loadstart',
  'canplay',
  'ended',
] as const;

/** Media minus content time (stitched ads), as the page-world bridge last answered. */
let contentOffsetS = 0;
window.addEventListener(CONTENT_OFFSET_EVENT, (event) => {
  const detail = (event as CustomEvent<unknown>).detail;
  if (typeof detail === 'number' && Number.isFinite(detail)) contentOffsetS = detail;
});

/** The offset right now: the bridge answers synchronously (0 if it is not there). */
function freshContentOffset(): number {
  contentOffsetS = 0;
  window.dispatchEvent(new Event(CONTENT_OFFSET_REQUEST));
  return contentOffsetS;
}

/** The element as sync sees it: times are the video's own, whatever ads were stitched in. */
export function videoElementPlayer(video: HTMLVideoElement): Player {
  return {
    get currentTime() {
      return video.currentTime - freshContentOffset();
    },
    get paused() {
      return video.paused;
    },
    get seeking() {
      return video.seeking;
    },
    get ended() {
      return video.ended;
    },
    get playbackRate() {
      return video.playbackRate;
    },
    get readyState() {
      return video.readyState;
    },
    get adShowing() {
      return isAdShowing(video);
    },
    play: () => video.play(),
    pause: () => video.pause(),
    seek: (seconds) => {
      video.currentTime = seconds + freshContentOffset();
    },
    setRate: (rate) => {
      video.playbackRate = rate;
    },
    onFrame(callback) {
      let handle = 0;
      let stopped = false;
      const onFrame: VideoFrameRequestCallback = (_now, metadata) => {
        if (stopped) return;
        // expectedDisplayTime is on this document's performance clock: make it wall-based.
        callback(
          metadata.mediaTime - freshContentOffset(),
          performance.timeOrigin + metadata.expectedDisplayTime,
        );
        handle = video.requestVideoFrameCallback(onFrame);
      };
      handle = video.requestVideoFrameCallback(onFrame);
      return () => {
        stopped = true;
        video.cancelVideoFrameCallback(handle);
      };
    },
  };
}

export interface VideoWatch {
  stop(): void;
}

/**
 * Calls `onVideo` with the main `<video>` now and whenever the page replaces it, and forwards its
 * events (and ads starting and ending) until then.
 */
export function watchMainVideo(
  onVideo: (video: HTMLVideoElement | null) => void,
  onEvent: (event: PlayerEvent) => void,
): VideoWatch {
  let current: HTMLVideoElement | null = null;
  let adShowing = false;
  const listeners = MEDIA_EVENTS.map((name) => [name, () => onEvent(name)] as const);
  const check = () => {
    const found = findMainVideo();
    if (found !== current) {
      for (const [name, listener] of listeners) current?.removeEventListener(name, listener);
      current = found;
      for (const [name, listener] of listeners) current?.addEventListener(name, listener);
      adShowing = current ? isAdShowing(current) : false;
      onVideo(current);
      return;
    }
    const nowAd = current ? isAdShowing(current) : false;
    if (nowAd !== adShowing) {
      adShowing = nowAd;
      onEvent(nowAd ? 'adstart' : 'adend');
    }
  };
  // The player's class list says when an ad shows; the tree says when the element is swapped.
  const observer = new MutationObserver(check);
  observer.observe(document.documentElement, {
    childList: true,
    subtree: true,
    attributes: true,
    attributeFilter: ['class'],
  });
  check();
  return {
    stop() {
      observer.disconnect();
      for (const [name, listener] of listeners) current?.removeEventListener(name, listener);
      current = null;
    },
  };
}
