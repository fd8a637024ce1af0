/**
 * The pages of youtube.com's single-page app besides the watch page, and moving between them the
 * way YouTube does: the home feed (`ytd-browse[page-subtype="home"]`, reached with the masthead's
 * `a#logo`) and search results (`ytd-search`, from the masthead's `form#search-form`) beside a
 * hidden `ytd-watch-flexy`; `i` on a watch page, or leaving it while a video plays, takes the
 * player along in the miniplayer; its expand button (or `i` again) goes back to
 * `/watch?v=ID` with the same video playing on. Each move is `history.pushState` between
 * `yt-navigate-start` and an asynchronous `yt-navigate-finish` carrying the new page's `pageType`.
 * @module
 */
import type { PageVideo } from '../fake-youtube-types';
import { catalogue, page, required, video } from './page';
import { close, isMiniplayerActive, minimize, restore } from './miniplayer';

type NavigationDetail =
  | { pageType: 'browse'; endpoint: { browseEndpoint: { browseId: string } } }
  | { pageType: 'search'; endpoint: { searchEndpoint: { query: string } } }
  | { pageType: 'watch'; endpoint: { watchEndpoint: { videoId: string } } };

/** A page of the app other than the watch page. */
interface AppPage {
  element: HTMLElement;
  url: string;
  title: string;
  detail: NavigationDetail;
}

/** The other pages' elements, beside `ytd-watch-flexy` as in `ytd-page-manager`. */
const PAGES = 'ytd-browse, ytd-search';

/** YouTube finishes a navigation asynchronously, after the new page data has arrived. */
async function finishNavigation(detail: NavigationDetail): Promise<void> {
  await new Promise((resolve) => setTimeout(resolve, 30));
  document.dispatchEvent(new CustomEvent('yt-navigate-finish', { bubbles: true, detail }));
}

function watchFlexy(): HTMLElement {
  return required<HTMLElement>('ytd-watch-flexy');
}

/** `<tag>` holding one `renderer` per video, each with a title link `a#<linkId>`. */
function videoList(tag: string, renderer: string, linkId: string, videos: PageVideo[]) {
  const element = document.createElement(tag);
  const contents = document.createElement('div');
  contents.id = 'contents';
  contents.append(
    ...videos.map((entry) => {
      const item = document.createElement(renderer);
      const link = document.createElement('a');
      link.id = linkId;
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
  element.append(contents);
  watchFlexy().before(element);
  return element;
}

function home(): AppPage {
  const existing = document.querySelector<HTMLElement>('ytd-browse[page-subtype="home"]');
  const element =
    existing ??
    videoList('ytd-browse', 'ytd-rich-item-renderer', 'video-title-link', catalogue.videos);
  element.setAttribute('page-subtype', 'home');
  return {
    element,
    url: '/',
    title: 'YouTube',
    detail: { pageType: 'browse', endpoint: { browseEndpoint: { browseId: 'FEwhat_to_watch' } } },
  };
}

function search(query: string): AppPage {
  document.querySelector('ytd-search')?.remove();
  const found = catalogue.videos.filter((entry) =>
    entry.title.toLowerCase().includes(query.toLowerCase()),
  );
  return {
    element: videoList('ytd-search', 'ytd-video-renderer', 'video-title', found),
    url: `/results?search_query=${encodeURIComponent(query)}`,
    title: `${query} - YouTube`,
    detail: { pageType: 'search', endpoint: { searchEndpoint: { query } } },
  };
}

export function onWatchPage(): boolean {
  return !watchFlexy().hidden;
}

function showOnly(shown: HTMLElement | null): void {
  for (const element of document.querySelectorAll<HTMLElement>(PAGES))
    element.hidden = element !== shown;
}

/** The watch page shows again (another video opened, or the miniplayer expanded). */
export function showWatchPage(): void {
  restore();
  watchFlexy().hidden = false;
  showOnly(null);
}

/** Another page of the app; a video under way on the watch page goes on in the miniplayer. */
async function browseTo(next: () => AppPage, push: boolean): Promise<void> {
  document.dispatchEvent(new CustomEvent('yt-navigate-start', { bubbles: true }));
  const element = video();
  if (onWatchPage() && element.currentSrc && !element.ended) minimize();
  const target = next();
  if (push) history.pushState({}, '', target.url);
  watchFlexy().hidden = true;
  showOnly(target.element);
  document.title = target.title;
  await finishNavigation(target.detail);
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

/**
 * Wires the keyboard shortcut, the logo, the search box, the miniplayer's buttons and
 * Back/Forward.
 */
export function startAppViews(): void {
  document.addEventListener('keydown', (event) => {
    if (event.key !== 'i' || event.ctrlKey || event.metaKey || event.altKey) return;
    if (event.defaultPrevented || typingInField(event.target)) return;
    if (isMiniplayerActive()) void expand(true);
    else if (onWatchPage()) void browseTo(home, true);
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
    void browseTo(home, true);
  });
  document.addEventListener('submit', (event) => {
    const form = event.target;
    if (!(form instanceof HTMLFormElement) || form.id !== 'search-form') return;
    event.preventDefault();
    const query = new FormData(form).get('search_query');
    if (typeof query === 'string' && query.trim()) void browseTo(() => search(query.trim()), true);
  });
  window.addEventListener('popstate', () => {
    const query = new URLSearchParams(location.search).get('search_query');
    if (location.pathname === '/') void browseTo(home, false);
    else if (location.pathname === '/results' && query) void browseTo(() => search(query), false);
    else if (new URLSearchParams(location.search).get('v') === page.current.id) void expand(false);
  });
}
