/**
 * Types shared by the fake youtube.com server, its page script and the tests that drive it.
 * @module
 */
import type { ClipName } from './media';

/** One video of the fake site's catalogue. */
export interface FakeVideo {
  /** A valid 11-character YouTube id. */
  id: string;
  title: string;
  channel: string;
  clip: ClipName;
}

/** What the watch page knows about a video (embedded in the page as JSON). */
export interface PageVideo {
  id: string;
  title: string;
  channel: string;
  /** Same-origin URL of the clip, e.g. `/media/long.webm`. */
  src: string;
  /** Seconds. */
  duration: number;
}

/** One ad of an ad break. */
export interface AdSpec {
  /** How long the ad runs unless skipped. */
  ms: number;
  /** A skippable ad: its Skip button shows after this long. */
  skippableAfterMs?: number;
}

/**
 * An ad break of a video's player response, at `offsetS` of the video's own time (0: a
 * pre-roll). A stitched break is part of the media stream itself (server-side ad insertion): the
 * `<video>`'s time runs on through it. Several ads make a pod, played one after the other.
 */
export interface AdBreak {
  offsetS: number;
  ads: AdSpec[];
  stitched?: boolean;
}

/** The JSON block the server embeds in every watch page for the page script. */
export interface PageCatalogue {
  videos: PageVideo[];
  adSrc: string;
  /** Ad breaks by video id, as served to this viewer; null for a Premium member (no ads). */
  adBreaks: Record<string, AdBreak[]> | null;
}

/** YouTube's player states as `getPlayerState()` reports them. */
export const PLAYER_STATE = { ended: 0, playing: 1, paused: 2, buffering: 3 } as const;

/** The main-world player API that real YouTube exposes on `#movie_player`. */
export interface FakePlayerApi {
  getCurrentTime(): number;
  getDuration(): number;
  getPlayerState(): number;
  seekTo(seconds: number, allowSeekAhead?: boolean): void;
  playVideo(): void;
  pauseVideo(): void;
  getPlaybackRate(): number;
  setPlaybackRate(rate: number): void;
  getVideoData(): { video_id: string; title: string; author: string };
}

/** Test-only controls on `window.fakeYouTube` in the page's main world. */
export interface FakeYouTubeControls {
  /**
   * A client-side ad: `ad-showing ad-interrupting` on `#movie_player` while the same `<video>`
   * plays the ad clip for `ms`; then the content comes back at its position. Resolves then.
   * Rejects for a Premium member.
   */
  showAd(ms: number): Promise<void>;
  /**
   * A mid-roll now, as when playback reaches an ad break: `ads` one after the other (a pod), by
   * default one 5 s ad. Resolves once the content plays again; rejects for a Premium member.
   */
  startMidRoll(ads?: AdSpec[]): Promise<void>;
  /** Replaces the `<video>` with a fresh one at the same source, position and play state. */
  swapVideoElement(): Promise<void>;
  /** In-app navigation, as a click on a related video does. Resolves after `yt-navigate-finish`. */
  navigate(id: string): Promise<void>;
  /** Re-buffering for `ms` (the video reloads and its data is held back), then carries on. */
  rebuffer(ms: number): Promise<void>;
  /** Sets `playbackRate` back to 1 once, after `delayMs`, as YouTube sometimes does. */
  resetRateSoon(delayMs?: number): void;
}

declare global {
  interface Window {
    /** Present on the fake youtube.com only. */
    fakeYouTube: FakeYouTubeControls;
  }
}
