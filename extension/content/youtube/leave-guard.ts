/**
 * A click on another video's link, while the tab is in a room, would take it out of the room
 * with no way to change one's mind: the guard holds the click and asks first. Only the user's
 * plain clicks on links are held; Back/Forward and YouTube's own moves (its next button,
 * autoplay) cannot be asked about and step out as before.
 * @module
 */
import { youtubeIdFromUrl } from '../../../shared/youtube-id';
import type { TabContext } from '../tab-context';

/** What of a click decides whether it opens another video in this tab. */
export interface LinkClick {
  /** The link's absolute address. */
  href: string;
  /** `_blank` and the like open elsewhere: this tab stays in the room. */
  target: string;
  button: number;
  /** Ctrl, Cmd, Shift or Alt: a new tab or window, a download. */
  modified: boolean;
}

/** The video the click opens in this tab instead of the room's, or null when none would. */
export function otherVideoOpened(click: LinkClick, roomVideo: string | null): string | null {
  if (roomVideo === null || click.button !== 0 || click.modified) return null;
  if (click.target !== '' && click.target !== '_self') return null;
  const opened = youtubeIdFromUrl(click.href);
  return opened !== null && opened !== roomVideo ? opened : null;
}

export interface LeaveGuardHooks {
  /** The room's video while the tab is in a room, else null. */
  roomVideo(): string | null;
  /** Ask; `open` then opens what was clicked, as the click would have. */
  ask(open: () => void): void;
}

/** Holds such clicks before YouTube's own handlers see them (capturing, on `window`). */
export function startLeaveGuard(ctx: TabContext, hooks: LeaveGuardHooks): void {
  ctx.addEventListener(
    window,
    'click',
    (event) => {
      if (!(event instanceof MouseEvent) || !event.isTrusted || event.defaultPrevented) return;
      const link = event.target instanceof Element ? event.target.closest('a[href]') : null;
      if (!(link instanceof HTMLAnchorElement)) return;
      const click: LinkClick = {
        href: link.href,
        target: link.target,
        button: event.button,
        modified: event.ctrlKey || event.metaKey || event.shiftKey || event.altKey,
      };
      if (otherVideoOpened(click, hooks.roomVideo()) === null) return;
      event.preventDefault();
      event.stopPropagation();
      // Once out of the room the guard lets the same click through: YouTube opens the video in
      // place, as it would have.
      hooks.ask(() => (link.isConnected ? link.click() : location.assign(link.href)));
    },
    { capture: true },
  );
}
