/**
 * The user closing YouTube's miniplayer, seen before YouTube acts on it: its close button stops
 * the video, and that pause must not be taken for the user pausing the room.
 * @module
 */
import type { TabContext } from '../tab-context';
import { isMiniplayerClose } from '../youtube-page';

/** Calls `closed` on a trusted click on the miniplayer's close button, ahead of YouTube's own. */
export function onMiniplayerClosed(ctx: TabContext, closed: () => void): void {
  ctx.addEventListener(
    window,
    'click',
    (event) => {
      if (event.isTrusted && isMiniplayerClose(event.target)) closed();
    },
    { capture: true },
  );
}
