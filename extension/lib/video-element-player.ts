/**
 * Adapts the page's native `<video>` to the `Player` that `PlayerSync` drives, and follows
 * YouTube when it swaps the element for a new one.
 * @module
 */
import type { Player, PlayerEvent } from './player-sync';
import { findMainVideo } from './youtube-page';

const EVENTS: PlayerEvent[] = ['play', 'pause', 'seeked', 'ratechange', 'loadstart', 'canplay'];

export function videoElementPlayer(video: HTMLVideoElement): Player {
  return {
    get currentTime() {
      return video.currentTime;
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
    play: () => video.play(),
    pause: () => video.pause(),
    seek: (seconds) => {
      video.currentTime = seconds;
    },
    setRate: (rate) => {
      video.playbackRate = rate;
    },
  };
}

export interface VideoWatch {
  stop(): void;
}

/**
 * Calls `onVideo` with the main `<video>` now and whenever the page replaces it, and forwards its
 * events until then.
 */
export function watchMainVideo(
  onVideo: (video: HTMLVideoElement | null) => void,
  onEvent: (event: PlayerEvent) => void,
): VideoWatch {
  let current: HTMLVideoElement | null = null;
  const listeners = EVENTS.map((name) => [name, () => onEvent(name)] as const);
  const check = () => {
    const found = findMainVideo();
    if (found === current) return;
    for (const [name, listener] of listeners) current?.removeEventListener(name, listener);
    current = found;
    for (const [name, listener] of listeners) current?.addEventListener(name, listener);
    onVideo(current);
  };
  const observer = new MutationObserver(check);
  observer.observe(document.documentElement, { childList: true, subtree: true });
  check();
  return {
    stop() {
      observer.disconnect();
      for (const [name, listener] of listeners) current?.removeEventListener(name, listener);
      current = null;
    },
  };
}
