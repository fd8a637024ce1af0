/**
 * The media element as sync drives it, and the events it reports: `video-element-player.ts` adapts
 * the page's `<video>` to it, a fake one drives the unit tests.
 * @module
 */

/** The parts of a media element sync needs. */
export interface Player {
  readonly currentTime: number;
  readonly paused: boolean;
  readonly seeking: boolean;
  readonly ended: boolean;
  readonly playbackRate: number;
  /** HTMLMediaElement readiness: 3 (HAVE_FUTURE_DATA) and up can play on. */
  readonly readyState: number;
  /** YouTube is showing an ad in this element: its time is the ad's, not the video's. */
  readonly adShowing: boolean;
  play(): Promise<void>;
  pause(): void;
  seek(seconds: number): void;
  setRate(rate: number): void;
  /** Calls back on every displayed frame with its media time and display time (local ms). */
  onFrame(callback: (mediaTime: number, displayedAt: number) => void): () => void;
}

export type PlayerEvent =
  | 'play'
  | 'playing'
  | 'pause'
  | 'seeking'
  | 'seeked'
  | 'ratechange'
  | 'loadstart'
  | 'canplay'
  | 'adstart'
  | 'adend'
  | 'ended';
