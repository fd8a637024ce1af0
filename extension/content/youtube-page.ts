/**
 * What the content script reads from YouTube's DOM. Every selector lives here, so a YouTube
 * redesign is mended in one file.
 * @module
 */

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

/** YouTube marks its player while a client-side ad plays in the same `<video>`. */
export function isAdShowing(video: HTMLVideoElement): boolean {
  return video.closest('#movie_player')?.classList.contains('ad-showing') ?? false;
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
