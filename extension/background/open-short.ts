/**
 * Starting a room from a Short: YouTube's Shorts player is not the watch page's player that sync
 * drives (no `#movie_player`, no seek bar, a loop of its own), so the tab first opens the same
 * video as a watch page, and the room starts there once its page is up.
 * @module
 */
import { browser } from 'wxt/browser';
import { youtubeIdFromUrl } from '../../shared/youtube-id';
import { RelayError } from '../common/relay-error';
import { tabVideo, type Pages } from './tab-video';
import { watchUrl } from './youtube-tab';

/** A watch page loads in a second or two; a slow one still gets this long. */
const OPEN_TIMEOUT_MS = 20_000;
const POLL_MS = 150;

/** Opens Short `youtubeId` as a watch page in `tabId`; resolves once that page has its player. */
export async function openShortAsVideo(
  pages: Pages,
  tabId: number,
  youtubeId: string,
): Promise<void> {
  await browser.tabs.update(tabId, { url: watchUrl(youtubeId) });
  const deadline = Date.now() + OPEN_TIMEOUT_MS;
  while (Date.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, POLL_MS));
    const tab = await browser.tabs.get(tabId).catch(() => null);
    if (!tab) throw new RelayError('invalid', 'The tab closed before the video opened.');
    if (youtubeIdFromUrl(tab.url) !== youtubeId || !pages.hasPage(tabId)) continue;
    if ((await tabVideo(tabId, pages)).snapshot?.player) return;
  }
  throw new RelayError(
    'invalid',
    'The video took too long to open. Once it plays, click Start room again.',
  );
}
