/**
 * YouTube's playability error screen. The server decides from the browser's cookies whether a
 * video plays to it (the player response's `playabilityStatus`, embedded in the page and asked
 * again on every in-app navigation); when it does not, the watch page marks `ytd-watch-flexy`
 * `player-unavailable`, shows `yt-playability-error-supported-renderers` with the reason beside
 * the player, the `.ytp-error` overlay with `.ytp-error-content-wrap-reason` inside
 * `#movie_player`, and its `<video>` loads nothing.
 * @module
 */
import type { Playability, PlayerResponse } from '../fake-youtube-types';
import { player, required, video } from './page';

/** The current video's status, as the page last showed it. */
let current: Playability = (
  JSON.parse(required('#fake-player-response').textContent ?? '') as PlayerResponse
).playabilityStatus;

/** The player response's status for the page's first video. */
export function initialPlayability(): Playability {
  return current;
}

/** Whether the page plays its current video (false: the error screen shows). */
export function playable(): boolean {
  return current.status === 'OK';
}

/** Asks the server for video `id`'s player response, as YouTube's in-app navigation does. */
export async function fetchPlayability(id: string): Promise<Playability> {
  const response = await fetch('/youtubei/v1/player', {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ videoId: id }),
  });
  return ((await response.json()) as PlayerResponse).playabilityStatus;
}

function text(tag: string, attributes: Record<string, string>, content: string | null): Element {
  const element = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) element.setAttribute(name, value);
  if (content !== null) element.textContent = content;
  return element;
}

function removeErrorScreen(): void {
  required('ytd-watch-flexy').removeAttribute('player-unavailable');
  document.querySelector('#error-screen')?.remove();
  player.querySelector('.ytp-error')?.remove();
  player.classList.remove('unstarted-mode');
}

function showErrorScreen(status: Exclude<Playability, { status: 'OK' }>): void {
  required('ytd-watch-flexy').setAttribute('player-unavailable', '');
  const info = text('div', { id: 'info' }, null);
  info.append(text('yt-formatted-string', { id: 'reason' }, status.reason));
  if (status.subreason)
    info.append(text('yt-formatted-string', { id: 'subreason' }, status.subreason));
  const message = text('yt-player-error-message-renderer', {}, null);
  message.append(info);
  const renderers = text('yt-playability-error-supported-renderers', {}, null);
  renderers.append(message);
  const screen = text('div', { id: 'error-screen' }, null);
  screen.append(renderers);
  required('#player').append(screen);

  const wrap = text('div', { class: 'ytp-error-content-wrap' }, null);
  const reason = text('div', { class: 'ytp-error-content-wrap-reason' }, null);
  reason.append(text('span', {}, status.reason));
  wrap.append(reason);
  if (status.subreason) {
    const subreason = text('div', { class: 'ytp-error-content-wrap-subreason' }, null);
    subreason.append(text('span', {}, status.subreason));
    wrap.append(subreason);
  }
  const content = text('div', { class: 'ytp-error-content' }, null);
  content.append(wrap);
  const overlay = text('div', { class: 'ytp-error', role: 'alert' }, null);
  overlay.append(content);
  player.append(overlay);
  player.classList.add('unstarted-mode');
}

/**
 * Shows `status` for the page's video: the error screen and an empty `<video>` when it will not
 * play, else no error screen. Returns whether the video may play.
 */
export function showPlayability(status: Playability): boolean {
  current = status;
  removeErrorScreen();
  if (status.status === 'OK') return true;
  const element = video();
  element.pause();
  element.removeAttribute('src');
  element.load();
  showErrorScreen(status);
  return false;
}
