/**
 * YouTube's miniplayer, as youtube.com builds it: `ytd-miniplayer[active]` in `ytd-app`, which
 * carries `miniplayer-is-active` meanwhile; the same `#movie_player` (and `<video>`, which keeps
 * playing: it is moved in one step, so it never leaves the document long enough to pause) moves
 * into its `#player-container` and gets `ytp-player-minimized`; the player's own
 * `.ytp-miniplayer-ui` layer holds the scrim with the close button (`.ytp-miniplayer-close-button`,
 * "Close") and the expand button (`.ytp-miniplayer-expand-watch-page-button`, "Expand (i)",
 * `aria-keyshortcuts="i"`). Where the page goes meanwhile is `app-views.ts`'s business.
 * @module
 */
import { player, required, video } from './page';

const STYLE = `ytd-miniplayer{display:none;position:fixed;right:12px;bottom:12px;z-index:2000;background:#000}
ytd-miniplayer[active]{display:block}ytd-miniplayer #movie_player{width:400px;height:225px}
.ytp-miniplayer-ui{display:none;position:absolute;inset:0;pointer-events:none}
.ytp-player-minimized .ytp-miniplayer-ui{display:block}
.ytp-miniplayer-scrim button{pointer-events:auto;position:absolute;top:6px;width:32px;height:32px}
.ytp-miniplayer-close-button{right:6px}.ytp-miniplayer-button-top-left{left:6px}`;

function button(className: string, label: string, extra: Record<string, string> = {}) {
  const element = document.createElement('button');
  element.className = `${className} ytp-button`;
  element.setAttribute('aria-label', label);
  for (const [name, value] of Object.entries(extra)) element.setAttribute(name, value);
  element.textContent = label.slice(0, 1);
  return element;
}

/** `ytd-miniplayer`, built the first time it is needed, as youtube.com does. */
function miniplayer(): HTMLElement {
  const existing = document.querySelector<HTMLElement>('ytd-miniplayer');
  if (existing) return existing;
  const style = document.createElement('style');
  style.textContent = STYLE;
  document.head.append(style);
  const element = document.createElement('ytd-miniplayer');
  const container = document.createElement('div');
  container.id = 'player-container';
  element.append(container);
  required('ytd-app').append(element);
  const ui = document.createElement('div');
  ui.className = 'ytp-miniplayer-ui';
  const scrim = document.createElement('div');
  scrim.className = 'ytp-miniplayer-scrim';
  scrim.append(
    button('ytp-miniplayer-close-button', 'Close'),
    button('ytp-miniplayer-expand-watch-page-button ytp-miniplayer-button-top-left', 'Expand (i)', {
      title: 'Expand (i)',
      'aria-keyshortcuts': 'i',
    }),
  );
  ui.append(scrim);
  player.append(ui);
  return element;
}

export function isMiniplayerActive(): boolean {
  return required('ytd-app').hasAttribute('miniplayer-is-active');
}

/** The player into the corner; the same `<video>` plays on. */
export function minimize(): void {
  const element = miniplayer();
  required('#player-container', element).append(player);
  player.classList.add('ytp-player-minimized');
  element.setAttribute('active', '');
  required('ytd-app').setAttribute('miniplayer-is-active', '');
}

/** The player back into the watch page (expand, or another video opened). */
export function restore(): void {
  document.querySelector('ytd-miniplayer')?.removeAttribute('active');
  required('ytd-app').removeAttribute('miniplayer-is-active');
  player.classList.remove('ytp-player-minimized');
  const slot = required('ytd-watch-flexy #player');
  if (player.parentElement !== slot) slot.append(player);
}

/** The close button: the miniplayer goes away and the video stops (YouTube unloads it). */
export function close(): void {
  const element = video();
  element.pause();
  document.querySelector('ytd-miniplayer')?.removeAttribute('active');
  required('ytd-app').removeAttribute('miniplayer-is-active');
  element.removeAttribute('src');
  element.load();
}
