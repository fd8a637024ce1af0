/**
 * Types shared by the fake youtube.com server, its page script and the tests that drive it.
 * @module
 */
import type { RenditionLabel } from './dash-media';
import type { ClipName } from './media';

/** One video of the fake site's catalogue. */
export interface FakeVideo {
  /** A valid 11-character YouTube id. */
  id: string;
  title: string;
  channel: string;
  /**
   * A plain WebM file (`src` on the `<video>`), or the DASH stream through Media Source
   * Extensions, as youtube.com plays: `dash` on demand, `live` as a live stream.
   */
  clip: ClipName | 'dash' | 'live';
  /** Who YouTube will not play it to (`fake-playability.ts` decides from the cookies). */
  restriction?: Restriction;
}

/** A DASH stream as the page feeds it to Media Source Extensions. */
export interface PageDash {
  /** Same-origin folder: `<base>/<track>/init.webm`, `<base>/<track>/<n>.webm` (n from 1). */
  base: string;
  renditions: { label: RenditionLabel; width: number; height: number }[];
  /** Media segments of each track, and their length in seconds. */
  segments: number;
  segmentS: number;
  /** A live stream: it began at this `Date.now()` and has its segments up to now. */
  live?: { startedAt: number };
}

/** Why YouTube would refuse to play a video to someone. */
export type Restriction =
  /** Not in these countries (`PREF` cookie's `gl`, ISO codes in upper case). */
  | { kind: 'region'; blockedIn: string[] }
  /** Age-restricted: only to a signed-in account (`SID` cookie). */
  | { kind: 'age' }
  /** Private: only to these accounts. */
  | { kind: 'private'; viewers: string[] }
  /** Members-only: only to the channel's members' accounts. */
  | { kind: 'members'; members: string[] };

/** The player response's `playabilityStatus`, as YouTube sends it for one video and viewer. */
export type Playability =
  | { status: 'OK' }
  | {
      status: 'UNPLAYABLE' | 'LOGIN_REQUIRED' | 'ERROR';
      /** The error screen's headline, e.g. "Video unavailable". */
      reason: string;
      subreason: string | null;
    };

/** What the page is told about the video it plays (YouTube's `ytInitialPlayerResponse`). */
export interface PlayerResponse {
  videoId: string;
  playabilityStatus: Playability;
}

/** What the watch page knows about a video (embedded in the page as JSON). */
export interface PageVideo {
  id: string;
  title: string;
  channel: string;
  /** Same-origin URL of the clip, e.g. `/media/long.webm` (empty for a DASH stream). */
  src: string;
  /** Seconds (0 for a live stream, as YouTube's `getDuration()` has none to give). */
  duration: number;
  dash?: PageDash;
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
  /** This visitor's Up next for each video id (`recommendations.ts`). */
  upNext: Record<string, string>;
  /** Ad breaks by video id, as served to this viewer; null for a Premium member (no ads). */
  adBreaks: Record<string, AdBreak[]> | null;
}

/**
 * A test's cookie: how long in ms the watch page waits without input before it asks "Continue
 * watching?" (an hour without it). Read when the page loads, as YouTube's own threshold comes
 * with the page's data.
 */
export const LACT_THRESHOLD_COOKIE = 'fake_lact_threshold_ms';

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
  getVideoData(): { video_id: string; title: string; author: string; isLive: boolean };
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
  /**
   * DASH videos only: the network withholds segments from now on; once the buffer has run dry
   * (`waiting`), they come back `ms` later. Resolves when playback goes on, with how long the
   * element waited (ms, from `waiting` to `playing`).
   */
  starve(ms: number): Promise<{ waitedMs: number }>;
  /**
   * DASH videos only: YouTube's quality switch. The forward buffer from the next segment on is
   * replaced by `label`'s; resolves on the element's `resize` with its new size.
   */
  setQuality(label: RenditionLabel): Promise<{ width: number; height: number }>;
  /** Live streams only: seconds from the position to the live edge. */
  behindLiveEdge(): number;
  /**
   * "Video paused. Continue watching?" now, as after a long time without input: the dialog opens
   * in `ytd-popup-container`, then the video pauses. False (nothing happens) while the video is
   * paused, ended, showing an ad or already asking, when YouTube does not ask either.
   */
  askStillWatching(): boolean;
}

declare global {
  interface Window {
    /** Present on the fake youtube.com only. */
    fakeYouTube: FakeYouTubeControls;
    /** YouTube's time of the user's last input (`Date.now()`), which decides when it asks. */
    _lact: number;
  }
}
