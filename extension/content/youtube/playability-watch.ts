/**
 * Follows YouTube's playability error screen on the tab: tells when the page starts showing it
 * instead of the video (unavailable in this country, age-restricted, private, members-only) and
 * when it plays a video again.
 * @module
 */
import { youtubeIdFromUrl } from '../../../shared/youtube-id';
import type { TabContext } from '../tab-context';
import { readPlayabilityError, type PlayabilityError } from '../youtube-page';

/**
 * Calls `changed` now and whenever the error comes, goes, or changes (its wording, or the video
 * it is for: in-app navigation from one video that will not play to another).
 */
export function watchPlayability(
  ctx: TabContext,
  changed: (error: PlayabilityError | null) => void,
): void {
  let last: string | undefined;
  const check = () => {
    const error = readPlayabilityError();
    const key = error === null ? '' : `${youtubeIdFromUrl(location.href)}!${error.reason ?? ''}`;
    if (key === last) return;
    last = key;
    changed(error);
  };
  // YouTube sets `player-unavailable` and fills the error renderers as it decides, in place.
  const observer = new MutationObserver(check);
  observer.observe(document.documentElement, {
    childList: true,
    subtree: true,
    attributes: true,
    attributeFilter: ['player-unavailable', 'hidden'],
  });
  ctx.onInvalidated(() => observer.disconnect());
  check();
}
