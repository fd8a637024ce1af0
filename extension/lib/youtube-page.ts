/**
 * What the content script reads from YouTube's DOM. Every selector lives here, so a YouTube
 * redesign is mended in one file.
 * @module
 */

const VIDEO_SELECTOR = '#movie_player video.html5-main-video, video.html5-main-video';
const TITLE_SELECTOR = 'h1 yt-formatted-string, h1.ytd-watch-metadata, h1.title';

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

/** YouTube marks its player while a client-side ad plays in the same `<video>`. */
export function isAdShowing(video: HTMLVideoElement): boolean {
  return video.closest('#movie_player')?.classList.contains('ad-showing') ?? false;
}
