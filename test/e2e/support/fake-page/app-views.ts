/**
 * The pages of youtube.com's single-page app besides the watch page, and moving between them the
 * way YouTube does: the home feed (`ytd-browse[page-subtype="home"]`, reached with the masthead's
 * `a#logo`) beside a hidden `ytd-watch-flexy`; `i` on a watch page, or going home while a video
 * plays, takes the player along in the miniplayer; its expand button (or `i` again) goes back to
 * `/watch?v=ID` with the same video playing on. Each move is `history.pushState` between
 * `yt-navigate-start` and an asynchronous `yt-navigate-finish` carrying the new page's `pageType`.
 * @module
 */
import { catalogue, page, required, video } from './page';
import { close, isMiniplayerActive, minimize, restore } from './miniplayer';

type NavigationDetail =
  | { pageType: 'browse'; endpoint: { browseEndpoint: { browseId: string } } }
  | { pageType: 'watch'; endpoint: { watchEndpoint: { videoId: string } } };

const HOME: NavigationDetail = {
  pageType: 'browse',
  endpoint: { browseEndpoint: { browseId: 'FEwhat_to_watch' } },
};

/** YouTube finishes a navigation asynchronously, after the new page data has arrived. */
async function finishNavigation(detail: NavigationDetail): Promise<void> {
  await new Promise((resolve) => setTimeout(resolve, 30));
  document.dispatchEvent(new CustomEvent('yt-navigate-finish', { bubbles: true, detail }));
}

function watchFlexy(): HTMLElement {
  return required<HTMLElement>('ytd-watch-flexy');
}

/** The home feed: one `ytd-rich-item-renderer` per video, built once. */
function homeFeed(): HTMLElement {
  const existing = document.querySelector<HTMLElement>('ytd-browse[page-subtype="home"]');
  if (existing) return existing;
  const browse = document.createElement('ytd-browse');
  browse.setAttribute('page-subtype', 'home');
  const contents = document.createElement('div');
  contents.id = 'contents';
  contents.append(
    ...catalogue.videos.map((entry) => {
      const item = document.createElement('ytd-rich-item-renderer');
      const link = document.createElement('a');
      link.id = 'video-title-link';
      link.className = 'yt-simple-endpoint';
      link.href = `/watch?v=${entry.id}`;
      const title = document.createElement('span');
      title.id = 'video-title';
      title.textContent = entry.title;
      link.append(title);
      item.append(link);
      return item;
    }),
  );
  browse.append(contents);
  watchFlexy().before(browse);
  return browse;
}

export function onWatchPage(): boolean {
  return !watchFlexy().hidden;
}

/** The watch page shows again (another video opened, or the miniplayer expanded). */
export function showWatchPage(): void {
  restore();
  watchFlexy().hidden = false;
  const browse = document.querySelector<HTMLElement>('ytd-browse');
  if (browse) browse.hidden = true;
}

/** Home, with the player in the miniplayer if a video is under way. */
async function goHome(push: boolean): Promise<void> {
  if (!onWatchPage()) return;
  document.dispatchEvent(new CustomEvent('yt-navigate-start', { bubbles: true }));
  const element = video();
  if (element.currentSrc && !element.ended) minimize();
  if (push) history.pushState({}, '', '/');
  watchFlexy().hidden = true;
  homeFeed().hidden = false;
  document.title = 'YouTube';
  await finishNavigation(HOME);
}

/** Back to the watch page of the video the miniplayer plays: same video, same position. */
async function expand(push: boolean): Promise<void> {
  if (!isMiniplayerActive()) return;
  document.dispatchEvent(new CustomEvent('yt-navigate-start', { bubbles: true }));
  showWatchPage();
  if (push) history.pushState({}, '', `/watch?v=${page.current.id}`);
  document.title = `${page.current.title} - YouTube`;
  await finishNavigation({
    pageType: 'watch',
    endpoint: { watchEndpoint: { videoId: page.current.id } },
  });
}

function typingInField(target: EventTarget | null): boolean {
  return (
    target instanceof HTMLElement &&
    (target.isContentEditable || ['INPUT', 'TEXTAREA', 'SELECT'].includes(target.tagName))
  );
}

/** Wires the keyboard shortcut, the logo, the miniplayer's buttons and Back/Forward. */
export function startAppViews(): void {
  document.addEventListener('keydown', (event) => {
    if (event.key !== 'i' || event.ctrlKey || event.metaKey || event.altKey) return;
    if (event.defaultPrevented || typingInField(event.target)) return;
    if (isMiniplayerActive()) void expand(true);
    else if (onWatchPage()) void goHome(true);
  });
  document.addEventListener('click', (event) => {
    const target = event.target instanceof Element ? event.target : null;
    if (!target || event.defaultPrevented || event.button !== 0) return;
    if (target.closest('.ytp-miniplayer-expand-watch-page-button')) return void expand(true);
    if (target.closest('.ytp-miniplayer-close-button')) return close();
    const link = target.closest('a[href]');
    if (!(link instanceof HTMLAnchorElement) || link.origin !== location.origin) return;
    if (link.pathname !== '/' || event.metaKey || event.ctrlKey || event.shiftKey) return;
    event.preventDefault();
    void goHome(true);
  });
  window.addEventListener('popstate', () => {
    if (location.pathname === '/') void goHome(false);
    else if (new URLSearchParams(location.search).get('v') === page.current.id) void expand(false);
  });
}
