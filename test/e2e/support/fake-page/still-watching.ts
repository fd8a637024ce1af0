/**
 * YouTube's "Video paused. Continue watching?". YouTube keeps the time of the user's last input
 * in `window._lact` and, while a video plays, asks once that is older than its threshold
 * (`youThereData.lactThresholdMs` in the player response): the prompt opens in the page's
 * `ytd-popup-container` as a `tp-yt-paper-dialog` holding a `yt-confirm-dialog-renderer` with a
 * single confirm button, **Yes**, and then the video pauses, so that by the time its `pause`
 * event fires the dialog is already open. **Yes** closes the dialog and plays the video again.
 * The dialog element stays in the container once made, closed (`aria-hidden`, `display: none`)
 * between prompts, as YouTube reuses it.
 * @module
 */
import { LACT_THRESHOLD_COOKIE } from '../fake-youtube-types';
import { play, player, required, video } from './page';

/** How long without input before YouTube asks, unless the test cookie says otherwise. */
const DEFAULT_LACT_THRESHOLD_MS = 60 * 60 * 1000;
/** How often the idle time is looked at while the video plays. */
const CHECK_MS = 1000;
/** YouTube's wording (en); the extension must not depend on it. */
const MESSAGE = 'Video paused. Continue watching?';

/** The page's idle threshold: the test cookie's, read once with the page as YouTube's data is. */
function lactThresholdMs(): number {
  const cookie = document.cookie
    .split('; ')
    .find((entry) => entry.startsWith(`${LACT_THRESHOLD_COOKIE}=`));
  const value = Number(cookie?.slice(LACT_THRESHOLD_COOKIE.length + 1));
  return Number.isFinite(value) && value > 0 ? value : DEFAULT_LACT_THRESHOLD_MS;
}

function element(tag: string, attributes: Record<string, string> = {}): HTMLElement {
  const made = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) made.setAttribute(name, value);
  return made;
}

/** The `ytd-popup-container` child of `ytd-app` that YouTube opens its dialogs in. */
const container = element('ytd-popup-container', { class: 'style-scope ytd-app' });
required('ytd-app').append(container);

let dialog: HTMLElement | null = null;
let backdrop: HTMLElement | null = null;

/** Builds the dialog the first time YouTube asks (createElement only: Trusted Types). */
function buildDialog(): HTMLElement {
  const paper = element('tp-yt-paper-dialog', {
    class: 'style-scope ytd-popup-container',
    role: 'dialog',
    tabindex: '-1',
  });
  Object.assign(paper.style, {
    position: 'fixed',
    top: '40%',
    left: '50%',
    transform: 'translate(-50%, -50%)',
    zIndex: '2202',
    background: '#fff',
    padding: '24px',
    outline: 'none',
  });
  const renderer = element('yt-confirm-dialog-renderer', {
    class: 'style-scope ytd-popup-container',
    dialog: '',
  });
  const main = element('div', { id: 'main', class: 'style-scope yt-confirm-dialog-renderer' });
  const text = element('yt-formatted-string', {
    class: 'line-text style-scope yt-confirm-dialog-renderer',
  });
  text.textContent = MESSAGE;
  const buttons = element('div', {
    id: 'buttons',
    class: 'style-scope yt-confirm-dialog-renderer',
  });
  const confirm = element('yt-button-renderer', {
    id: 'confirm-button',
    class: 'style-scope yt-confirm-dialog-renderer style-primary size-default',
    'dialog-confirm': '',
  });
  const shape = element('yt-button-shape');
  const button = element('button', {
    class: 'yt-spec-button-shape-next yt-spec-button-shape-next--text',
    'aria-label': 'Yes',
  });
  const label = element('div', { class: 'yt-spec-button-shape-next__button-text-content' });
  const span = element('span');
  span.textContent = 'Yes';
  label.append(span);
  button.append(label, element('yt-touch-feedback-shape'));
  shape.append(button);
  confirm.append(shape);
  buttons.append(confirm);
  main.append(text, buttons);
  renderer.append(main);
  paper.append(renderer);
  // Any click on Yes counts, a script's too: that is how the userscripts that answer it work.
  confirm.addEventListener('click', () => answerYes());
  container.append(paper);
  return paper;
}

function isOpen(): boolean {
  return dialog?.hasAttribute('opened') ?? false;
}

/** Opens the prompt, then pauses: the order YouTube does it in. False if it would not ask now. */
export function askStillWatching(): boolean {
  const current = video();
  if (isOpen() || current.paused || current.ended || player.classList.contains('ad-showing'))
    return false;
  dialog ??= buildDialog();
  dialog.setAttribute('opened', '');
  dialog.removeAttribute('aria-hidden');
  dialog.style.display = '';
  backdrop = document.createElement('tp-yt-iron-overlay-backdrop');
  backdrop.className = 'opened';
  Object.assign(backdrop.style, {
    position: 'fixed',
    inset: '0',
    zIndex: '2201',
    background: 'rgba(0, 0, 0, 0.5)',
  });
  document.body.append(backdrop);
  container.dispatchEvent(
    new CustomEvent('yt-popup-opened', {
      bubbles: true,
      composed: true,
      detail: dialog.firstElementChild,
    }),
  );
  player.pauseVideo();
  return true;
}

/** **Yes**: the dialog closes and the video plays on; the idle time starts over. */
function answerYes(): void {
  if (!dialog || !isOpen()) return;
  dialog.removeAttribute('opened');
  dialog.setAttribute('aria-hidden', 'true');
  dialog.style.display = 'none';
  backdrop?.remove();
  backdrop = null;
  // Without this the next check would ask again at once: YouTube starts counting anew.
  window._lact = Date.now();
  play(video());
}

const threshold = lactThresholdMs();
window._lact = Date.now();
for (const type of ['keydown', 'mousedown', 'wheel'])
  window.addEventListener(
    type,
    (event) => {
      if (event.isTrusted) window._lact = Date.now();
    },
    { capture: true, passive: true },
  );
setInterval(() => {
  if (Date.now() - window._lact >= threshold) askStillWatching();
}, CHECK_MS);
