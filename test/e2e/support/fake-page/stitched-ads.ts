/**
 * Server-side ad insertion: the ads of a stitched break are part of the media stream, so the
 * `<video>`'s time runs on through them and is ahead of the video's own time after each one. The
 * player API speaks the video's time (`getCurrentTime()` stays on the break while its ads play;
 * `seekTo` lands past the ads before the target), and the player shows the ad UI while the
 * element plays a stitched ad.
 * @module
 */
import type { AdBreak } from '../fake-youtube-types';
import { showAdOverlay, type AdOverlay } from './ad-overlay';
import { player, video } from './page';

/** A stitched break on the media timeline. */
interface Span {
  offsetS: number;
  /** Where the ads begin in media time. */
  mediaStart: number;
  seconds: number;
}

let spans: Span[] = [];
let overlay: AdOverlay | null = null;

/** The stitched break of the video now in the element (its stream holds it). */
export function useStitchedBreaks(breaks: readonly AdBreak[]): void {
  // The server stitches a video's first stitched break into its stream (and serves no other).
  const stitched = breaks.find((entry) => entry.stitched);
  const seconds = (stitched?.ads ?? []).reduce((sum, ad) => sum + ad.ms, 0) / 1000;
  spans = stitched ? [{ offsetS: stitched.offsetS, mediaStart: stitched.offsetS, seconds }] : [];
  leaveAd();
}

/** The video's own time at media time `media`, and whether a stitched ad plays there. */
function locate(media: number): { time: number; inAd: boolean } {
  let shift = 0;
  for (const span of spans) {
    if (media < span.mediaStart) break;
    if (media < span.mediaStart + span.seconds) return { time: span.offsetS, inAd: true };
    shift += span.seconds;
  }
  return { time: media - shift, inAd: false };
}

/** The video's own time, or null when nothing is stitched into this stream. */
export function stitchedContentTime(): number | null {
  return spans.length ? locate(video().currentTime).time : null;
}

/** Seeks to the video's own `seconds`, past the ads before it; false when nothing is stitched. */
export function seekStitched(seconds: number): boolean {
  if (!spans.length) return false;
  const shift = spans
    .filter((span) => span.offsetS < seconds)
    .reduce((sum, span) => sum + span.seconds, 0);
  video().currentTime = seconds + shift;
  return true;
}

function leaveAd(): void {
  overlay?.remove();
  overlay = null;
  player.classList.remove('ad-showing', 'ad-interrupting');
}

/** Runs with the page's ad clock: shows the ad UI exactly while the element is in a stitched ad. */
export function followStitchedAds(): void {
  if (!spans.length) return;
  const inAd = locate(video().currentTime).inAd;
  if (inAd && !overlay) {
    player.classList.add('ad-showing', 'ad-interrupting');
    overlay = showAdOverlay(0, 1);
  } else if (!inAd && overlay) {
    leaveAd();
  }
}
