/**
 * What the content script reads from YouTube's DOM. Every selector lives here, so a YouTube
 * redesign is mended in one file.
 * @module
 */
import { youtubeIdFromUrl } from '../../shared/youtube-id';

const VIDEO_SELECTOR = '#movie_player video.html5-main-video, video.html5-main-video';
const TITLE_SELECTOR = 'h1 yt-formatted-string, h1.ytd-watch-metadata, h1.title';
/** The channel link under the player (watch-page layouts of recent years, newest first). */
const CHANNEL_SELECTOR =
  '#owner #channel-name a, ytd-video-owner-renderer ytd-channel-name a, ytd-watch-metadata ytd-channel-name a';

/** The main player's `<video>`, if the page has one yet. */
export function findMainVideo(doc: Document = document): HTMLVideoElement | null {
  return doc.querySelector<HTMLVideoElement>(VIDEO_SELECTOR) ?? doc.querySelector('video');
}

/** The video's title as the page shows it, trimmed to what the relay accepts. */
export function readTitle(doc: Document = document): string | null {
  const heading = doc.querySelector(TITLE_SELECTOR)?.textContent?.trim();
  const title = heading || doc.title.replace(/ - YouTube$/, '').trim();
  return title ? title.slice(0, 200) : null;
}

/** The channel's name as the watch page shows it, trimmed to what the relay accepts. */
export function readChannel(doc: Document = document): string | null {
  const name = doc.querySelector(CHANNEL_SELECTOR)?.textContent?.replace(/\s+/g, ' ').trim();
  return name ? name.slice(0, 100).trim() : null;
}

/** A live stream: YouTube marks its player `ytp-live`, and the `<video>` has no end. */
export function isLiveStream(doc: Document = document): boolean {
  if (doc.querySelector('#movie_player.ytp-live')) return true;
  return findMainVideo(doc)?.duration === Infinity;
}

/** YouTube marks its player while a client-side ad plays in the same `<video>`. */
export function isAdShowing(video: HTMLVideoElement): boolean {
  return video.closest('#movie_player')?.classList.contains('ad-showing') ?? false;
}

// ---------- the end of a video: YouTube's "Up next" autoplay countdown ----------

const PLAYER_SELECTOR = '#movie_player';
/** Shown over the player while autoplay counts down to the next video. */
const AUTONAV_OVERLAY_SELECTOR = '.ytp-autonav-endscreen-countdown-overlay';
const AUTONAV_LINK_SELECTOR = '.ytp-autonav-endscreen-link-container';
const AUTONAV_TITLE_SELECTOR = '.ytp-autonav-endscreen-upnext-title';
const AUTONAV_CANCEL_SELECTOR = '.ytp-autonav-endscreen-upnext-cancel-button';

/** YouTube's player element (it keeps it across in-app navigation), if the page has one. */
export function findPlayer(doc: Document = document): HTMLElement | null {
  return doc.querySelector<HTMLElement>(PLAYER_SELECTOR);
}

/**
 * Whether YouTube is counting down to autoplay the next video: the player says so with
 * `countdown-running`, or the countdown shows over an ended player that was not cancelled.
 */
export function autonavCountingDown(doc: Document = document): boolean {
  const player = findPlayer(doc);
  if (!player) return false;
  if (player.classList.contains('countdown-running')) return true;
  if (!player.classList.contains('ended-mode')) return false;
  if (player.classList.contains('ytp-autonav-endscreen-cancelled-state')) return false;
  const overlay = player.querySelector(AUTONAV_OVERLAY_SELECTOR);
  return overlay !== null && overlay.getClientRects().length > 0;
}

/** Cancels the countdown with its own Cancel button, as a person would (the Autoplay switch stays). */
export function cancelAutonav(doc: Document = document): void {
  findPlayer(doc)?.querySelector<HTMLElement>(AUTONAV_CANCEL_SELECTOR)?.click();
}

/** The video YouTube's "Up next" offers (its link and title), whether or not it shows yet. */
export function readUpNext(doc: Document = document): { youtubeId: string; title: string } | null {
  const player = findPlayer(doc);
  const link = player?.querySelector<HTMLAnchorElement>(AUTONAV_LINK_SELECTOR);
  const youtubeId = youtubeIdFromUrl(link?.href);
  const title = player?.querySelector(AUTONAV_TITLE_SELECTOR)?.textContent?.trim();
  return youtubeId && title ? { youtubeId, title: title.slice(0, 200).trim() } : null;
}

/** `ytd-app` carries this while the player plays in the miniplayer, whatever page shows. */
export function isMiniplayerActive(doc: Document = document): boolean {
  return doc.querySelector('ytd-app')?.hasAttribute('miniplayer-is-active') ?? false;
}

/** The miniplayer's close button (YouTube stops the video when it is pressed). */
export function isMiniplayerClose(target: EventTarget | null): boolean {
  return target instanceof Element && target.closest('.ytp-miniplayer-close-button') !== null;
}

/**
 * YouTube's playability error screen: the watch page marks itself `player-unavailable` and shows
 * the reason beside the player (`yt-playability-error-supported-renderers`) and in it
 * (`.ytp-error`), where the video would play.
 */
const UNAVAILABLE_PAGE_SELECTOR = 'ytd-watch-flexy[player-unavailable]';
const PLAYER_ERROR_SELECTOR = '#movie_player .ytp-error';
const REASON_SELECTORS = [
  'yt-playability-error-supported-renderers #reason',
  '#movie_player .ytp-error-content-wrap-reason',
];
const SUBREASON_SELECTORS = [
  'yt-playability-error-supported-renderers #subreason',
  '#movie_player .ytp-error-content-wrap-subreason',
];

/** Why YouTube will not play the video here, as it says it. */
export interface PlayabilityError {
  /** YouTube's own words ("Video unavailable. This video is not available in your country"). */
  reason: string | null;
}

function shown(element: Element | null): element is HTMLElement {
  return element instanceof HTMLElement && !element.hidden && element.getClientRects().length > 0;
}

function firstText(doc: Document, selectors: readonly string[]): string | null {
  for (const selector of selectors) {
    const element = doc.querySelector(selector);
    const text = shown(element) ? element.textContent?.replace(/\s+/g, ' ').trim() : '';
    if (text) return text.slice(0, 200);
  }
  return null;
}

/** YouTube's playability error when the page shows one instead of playing, else null. */
export function readPlayabilityError(doc: Document = document): PlayabilityError | null {
  const unavailable =
    doc.querySelector(UNAVAILABLE_PAGE_SELECTOR) !== null ||
    shown(doc.querySelector(PLAYER_ERROR_SELECTOR));
  if (!unavailable) return null;
  const reason = firstText(doc, REASON_SELECTORS);
  const subreason = firstText(doc, SUBREASON_SELECTORS);
  const words = [reason, subreason].filter((part) => part !== null);
  return {
    reason: words.length ? words.map((part) => part.replace(/[.!]$/, '')).join('. ') : null,
  };
}
