/**
 * The end of a video on YouTube, in a room: YouTube's "Up next" countdown would take this member
 * alone to a video of its own recommendations, splitting the room, so it is cancelled with its
 * Cancel button (the user's Autoplay switch stays as it is); outside a room it is left alone. The
 * overlay's end offer (Play again, Play next together with this page's Up next) follows the room.
 * @module
 */
import type { OverlayState } from '../overlay/overlay-model';
import { endOffer, sameOffer } from '../room-end';
import type { PlayerSync } from '../sync/player-sync';
import type { TabContext } from '../tab-context';
import {
  autonavCountingDown,
  cancelAutonav,
  findMainVideo,
  findPlayer,
  isAdShowing,
  readUpNext,
} from '../youtube-page';

export interface EndOfVideo {
  /** Looks again (the room, the player and the page may all have changed). */
  check(): void;
}

export function watchEndOfVideo(
  ctx: TabContext,
  parts: { overlay: OverlayState; sync: PlayerSync },
): EndOfVideo {
  const { overlay, sync } = parts;
  let watched: HTMLElement | null = null;
  // The player's class list says at once when the countdown starts: no frame of it gets by.
  const observer = new MutationObserver(() => check());
  ctx.onInvalidated(() => observer.disconnect());

  function check(): void {
    const player = findPlayer();
    if (player !== watched) {
      observer.disconnect();
      watched = player;
      if (player) observer.observe(player, { attributes: true, attributeFilter: ['class'] });
    }
    const inRoom = overlay.model.room !== null;
    if (inRoom && autonavCountingDown()) cancelAutonav();
    const video = findMainVideo();
    const duration = video && !isAdShowing(video) ? video.duration : Number.NaN;
    const end = inRoom ? endOffer(sync.timeline.state, duration, readUpNext()) : null;
    if (!sameOffer(end, overlay.model.end)) overlay.update({ end });
  }

  check();
  return { check };
}
