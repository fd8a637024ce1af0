/**
 * Client-side ads, as youtube.com plays them in its own `<video>`: the player response's ad
 * breaks (none for a Premium member), a pre-roll before the video starts (its position 0 waits),
 * a mid-roll when playback (or a seek) reaches a break, pods of several ads (a new source for
 * each while `ad-showing` stays), and skippable ads whose Skip button ends them. While an ad
 * plays, `#movie_player` has `ad-showing ad-interrupting` and the player API still speaks of
 * the video's own position, which waits here. Stitched breaks are in `stitched-ads.ts`.
 * @module
 */
import type { AdBreak, AdSpec } from '../fake-youtube-types';
import { showAdOverlay } from './ad-overlay';
import { loadVideo } from './dash-player';
import { catalogue, ignore, page, play, player, seekWhenReady, video } from './page';
import {
  followStitchedAds,
  seekStitched,
  stitchedContentTime,
  useStitchedBreaks,
} from './stitched-ads';

/** YouTube's own ad clock: how often it checks whether playback has reached a break. */
const CHECK_MS = 100;
/** A break's default, one ad of the ad clip's length. */
const ONE_AD: AdSpec[] = [{ ms: 5000 }];

interface Interruption {
  /** The video's own position and play state, restored after the last ad. */
  time: number;
  playing: boolean;
  aborted: boolean;
  abort(): void;
}

let interruption: Interruption | null = null;
/** Client-side mid-roll breaks of the video shown, each played once per page view. */
let pending: AdBreak[] = [];
let lastTime = 0;

function breaksOfCurrent(): AdBreak[] {
  return catalogue.adBreaks?.[page.current.id] ?? [];
}

/** The video's own time while an ad interrupts it or ads are stitched in; null otherwise. */
export function contentTime(): number | null {
  return interruption?.time ?? stitchedContentTime();
}

/** `seekTo` on the video's own timeline; false when the element's time is that timeline. */
export function seekContent(seconds: number): boolean {
  if (interruption) {
    interruption.time = seconds;
    return true;
  }
  return seekStitched(seconds);
}

/** A navigation away: the ad ends where it is, and the next video brings its own breaks. */
export function abortAds(): void {
  interruption?.abort();
}

/**
 * Starts the video now in the element, as YouTube does on a page load or in-app navigation: a
 * pre-roll first when the player response has one.
 */
export function startVideo(): void {
  const breaks = breaksOfCurrent();
  useStitchedBreaks(breaks);
  pending = breaks.filter((entry) => !entry.stitched && entry.offsetS > 0);
  lastTime = 0;
  const preRoll = breaks.find((entry) => !entry.stitched && entry.offsetS === 0);
  if (preRoll) void interrupt(preRoll.ads, 0, true);
  else play(video());
}

/** A test's mid-roll now (also `showAd`): refused to a Premium member, who never sees ads. */
export function startMidRoll(ads: AdSpec[] = ONE_AD): Promise<void> {
  if (catalogue.adBreaks === null) {
    return Promise.reject(new Error('fake youtube: Premium members see no ads'));
  }
  if (interruption) return Promise.reject(new Error('fake youtube: an ad is already showing'));
  const element = video();
  return interrupt(ads, element.currentTime, !element.paused);
}

/** Plays one ad in the element until it has run its length or is skipped (or aborted). */
function playAd(ad: AdSpec, index: number, count: number, state: Interruption): Promise<void> {
  const element = video();
  const overlay = showAdOverlay(index, count);
  return new Promise<void>((resolve) => {
    const timers: ReturnType<typeof setTimeout>[] = [];
    const finish = () => {
      timers.forEach(clearTimeout);
      overlay.remove();
      state.abort = ignore;
      resolve();
    };
    state.abort = () => {
      state.aborted = true;
      finish();
    };
    timers.push(setTimeout(finish, ad.ms));
    const skipAfter = ad.skippableAfterMs;
    if (skipAfter !== undefined) {
      overlay.countdown(Math.ceil(skipAfter / 1000));
      timers.push(setTimeout(() => overlay.showSkip(finish), skipAfter));
    }
    element.loop = true;
    // Each ad is a video of its own: the source changes between the ads of a pod.
    element.src = `${catalogue.adSrc}?ad=${index + 1}`;
    play(element);
  });
}

async function interrupt(ads: AdSpec[], time: number, playing: boolean): Promise<void> {
  const state: Interruption = { time, playing, aborted: false, abort: ignore };
  interruption = state;
  const content = page.current;
  player.classList.add('ad-showing', 'ad-interrupting');
  for (const [index, ad] of ads.entries()) {
    await playAd(ad, index, ads.length, state);
    if (state.aborted) break;
  }
  const after = video();
  after.loop = false;
  // An in-app navigation during the ad has already loaded the next video: nothing to restore.
  if (!state.aborted) {
    // A DASH stream comes back through a new MediaSource, a plain file as its `src`.
    loadVideo(after, content);
    await seekWhenReady(after, state.time);
    if (state.playing) play(after);
    else after.pause();
  }
  lastTime = state.time;
  interruption = null;
  player.classList.remove('ad-showing', 'ad-interrupting');
}

/**
 * The ad clock: a mid-roll once the video's time reaches its break, by playing on or by a seek
 * past it (YouTube then plays the latest break passed), and the stitched ads' UI.
 */
function checkBreaks(): void {
  followStitchedAds();
  if (interruption) return;
  const now = contentTime() ?? video().currentTime;
  const reached = pending.filter((entry) => lastTime < entry.offsetS && now >= entry.offsetS);
  lastTime = now;
  if (!reached.length) return;
  pending = pending.filter((entry) => !reached.includes(entry));
  const element = video();
  void interrupt(reached.at(-1)!.ads, now, !element.paused);
}
setInterval(checkBreaks, CHECK_MS);
