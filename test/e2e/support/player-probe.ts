/**
 * Reads a peer's `<video>` and the We Watch overlay from a test, comparing peers on one clock
 * (both browsers run on this machine, so `Date.now()` in each is the same clock).
 * @module
 */
import type { Page } from 'playwright-core';
import { overlay } from './overlay-driver';

export interface VideoSample {
  /** `Date.now()` when sampled. */
  at: number;
  time: number;
  paused: boolean;
  rate: number;
}

export function sampleVideo(page: Page): Promise<VideoSample> {
  return page.evaluate(() => {
    const video = document.querySelector<HTMLVideoElement>('#movie_player video')!;
    return {
      at: Date.now(),
      time: video.currentTime,
      paused: video.paused,
      rate: video.playbackRate,
    };
  });
}

/**
 * How far `b` is ahead of `a` in seconds, with both samples brought to the same instant (a
 * playing video moves on between the two reads).
 */
export async function positionGap(a: Page, b: Page): Promise<number> {
  const [sa, sb] = await Promise.all([sampleVideo(a), sampleVideo(b)]);
  const project = (s: VideoSample, at: number) =>
    s.paused ? s.time : s.time + ((at - s.at) / 1000) * s.rate;
  const at = Math.max(sa.at, sb.at);
  return project(sb, at) - project(sa, at);
}

/**
 * The overlay's text and its invite key, as the accessibility tree shows them (`overlay-driver.ts`:
 * the page itself cannot read the closed shadow root); null while no panel shows.
 */
export async function readOverlay(
  page: Page,
): Promise<{ text: string; key: string | null } | null> {
  const panel = overlay(page);
  if (!(await panel.find({ role: 'complementary', name: 'We Watch' }))) return null;
  const key = await panel.find({ role: 'textbox', name: 'Room invite key' });
  return { text: await panel.text(), key: key?.value ?? null };
}
