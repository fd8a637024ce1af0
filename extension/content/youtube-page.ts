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

/** A live stream: YouTube marks its player `ytp-live`, and the `<video>` has no end. */
export function isLiveStream(doc: Document = document): boolean {
  if (doc.querySelector('#movie_player.ytp-live')) return true;
  return findMainVideo(doc)?.duration === Infinity;
}

/** YouTube marks its player while a client-side ad plays in the same `<video>`. */
export function isAdShowing(video: HTMLVideoElement): boolean {
  return video.closest('#movie_player')?.classList.contains('ad-showing') ?? false;
}
