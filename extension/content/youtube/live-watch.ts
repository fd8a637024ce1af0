/**
 * Tells when the page turns out to show a live stream, or stops showing one: YouTube marks its
 * player `ytp-live` once the stream's data has loaded (after the page itself), and a live
 * `<video>` has no end (`durationchange` to Infinity). The background refuses rooms on one.
 * @module
 */
import type { TabContext } from '../tab-context';
import { isLiveStream } from '../youtube-page';

export function watchLiveStream(ctx: TabContext, onChange: (live: boolean) => void): void {
  let live = isLiveStream();
  const check = () => {
    const now = isLiveStream();
    if (now === live) return;
    live = now;
    onChange(now);
  };
  const observer = new MutationObserver(check);
  observer.observe(document.documentElement, {
    subtree: true,
    attributes: true,
    attributeFilter: ['class'],
  });
  // Media events do not bubble: a capturing listener hears every `<video>`'s.
  ctx.addEventListener(document, 'durationchange', check, { capture: true });
  ctx.onInvalidated(() => observer.disconnect());
}
