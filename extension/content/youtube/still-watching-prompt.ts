/**
 * YouTube's "Video paused. Continue watching?" as the DOM shows it, found by its structure and
 * never by its words (YouTube is localised): an open `tp-yt-paper-dialog` in the page's
 * `ytd-popup-container` holding a `yt-confirm-dialog-renderer` that offers a confirm button and
 * no cancel button. Other confirm dialogs (removing a video, leaving a page) offer both.
 * @module
 */

const DIALOG_SELECTOR = 'ytd-popup-container tp-yt-paper-dialog[opened]';
const RENDERER_SELECTOR = 'yt-confirm-dialog-renderer';
const CONFIRM_SELECTOR = '#confirm-button';
const CANCEL_SELECTOR = '#cancel-button';

/** YouTube keeps a closed dialog in the tree, hidden, to open it again later. */
function shown(element: Element): boolean {
  if (!(element instanceof HTMLElement)) return false;
  if (element.hidden || element.getAttribute('aria-hidden') === 'true') return false;
  return element.getClientRects().length > 0;
}

/** The confirm button of the "Continue watching?" prompt, if the page shows it now. */
export function findStillWatchingConfirm(doc: Document = document): HTMLElement | null {
  for (const dialog of doc.querySelectorAll(DIALOG_SELECTOR)) {
    if (!shown(dialog)) continue;
    const renderer = dialog.querySelector(RENDERER_SELECTOR);
    const confirm = renderer?.querySelector<HTMLElement>(CONFIRM_SELECTOR);
    if (!confirm || !shown(confirm)) continue;
    const cancel = renderer!.querySelector(CANCEL_SELECTOR);
    if (cancel && shown(cancel)) continue;
    return confirm;
  }
  return null;
}

/** Answers the prompt as a click on its confirm button would; false if it is not showing. */
export function confirmStillWatching(doc: Document = document): boolean {
  const confirm = findStillWatchingConfirm(doc);
  if (!confirm) return false;
  // The button YouTube renders inside (`yt-button-shape > button`) gets the click it listens to.
  (confirm.querySelector<HTMLElement>('button') ?? confirm).click();
  return true;
}
