/**
 * Invite links (`#wewatch=KEY`) ask before they join. The page controls its own URL fragment and
 * can fire YouTube's navigation events, so a key found there is only ever an offer: a script on
 * youtube.com that sets `location.hash` must not put the user in a stranger's room. The offer is
 * held here, in the content script, until the user answers the overlay's prompt.
 * @module
 */
import { INVITE_FRAGMENT_PARAM, parseInviteInput } from '../../shared/invite-key';

/** An invite key in the URL fragment, removed from the address bar once read. */
export function takeInviteFromFragment(): string | undefined {
  if (!location.hash.includes(`${INVITE_FRAGMENT_PARAM}=`)) return undefined;
  const key = parseInviteInput(location.hash) ?? undefined;
  history.replaceState(history.state, '', location.pathname + location.search);
  return key;
}

/** The invite waiting for an answer, if any. */
export class InvitePrompt {
  #pending: { key: string; youtubeId: string | null } | null = null;
  #asks = 0;

  /** Null when nothing is asked; otherwise a new number for every new offer. */
  get shown(): number | null {
    return this.#pending ? this.#asks : null;
  }

  /**
   * A key from the fragment on the page showing `youtubeId`. Not asked when the tab is in that
   * room already; asked again (with a new number) only for another key, so a page repeating the
   * same one cannot keep restarting the prompt. Returns whether the prompt changed.
   */
  offer(key: string, youtubeId: string | null, roomKey: string | null): boolean {
    if (key === roomKey || key === this.#pending?.key) return false;
    this.#pending = { key, youtubeId };
    this.#asks++;
    return true;
  }

  /** The page now shows `youtubeId`: an offer made for another video no longer stands. */
  navigated(youtubeId: string | null): boolean {
    if (!this.#pending || this.#pending.youtubeId === youtubeId) return false;
    this.#pending = null;
    return true;
  }

  /** The tab is in the room `roomKey` now (the popup joined it): nothing left to ask. */
  joined(roomKey: string): boolean {
    if (this.#pending?.key !== roomKey) return false;
    this.#pending = null;
    return true;
  }

  /** Join room: the key to join, once. */
  accept(): string | null {
    const key = this.#pending?.key ?? null;
    this.#pending = null;
    return key;
  }

  /** Not now. */
  decline(): void {
    this.#pending = null;
  }
}
