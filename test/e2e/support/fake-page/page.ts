/**
 * What every part of the fake watch page shares: the catalogue embedded in the page, the player
 * element, its current `<video>`, the video shown, and YouTube's ways of starting and seeking it.
 * @module
 */
import type { FakePlayerApi, PageCatalogue, PageVideo } from '../fake-youtube-types';

export const ignore = (): void => undefined;

export function required<T extends Element>(selector: string, within: ParentNode = document): T {
  const element = within.querySelector<T>(selector);
  if (!element) throw new Error(`fake youtube: ${selector} is missing`);
  return element;
}

export const catalogue = JSON.parse(required('#fake-catalogue').textContent ?? '') as PageCatalogue;

export const player = required<HTMLElement>('#movie_player') as HTMLElement & FakePlayerApi;

/** The player's `<video>` (the page may replace it). */
export function video(): HTMLVideoElement {
  return required<HTMLVideoElement>('#movie_player video.html5-main-video');
}

export function byId(id: string | null): PageVideo | undefined {
  return catalogue.videos.find((entry) => entry.id === id);
}

/** The video the page shows. */
export const page = {
  current: byId(new URLSearchParams(location.search).get('v')) ?? catalogue.videos[0]!,
};

/** Resolves once `element` can seek, then once it has seeked to `time`. */
export async function seekWhenReady(element: HTMLVideoElement, time: number): Promise<void> {
  if (element.readyState < HTMLMediaElement.HAVE_METADATA) {
    await new Promise((resolve) =>
      element.addEventListener('loadedmetadata', resolve, { once: true }),
    );
  }
  if (Math.abs(element.currentTime - time) < 0.001) return;
  const seeked = new Promise((resolve) =>
    element.addEventListener('seeked', resolve, { once: true }),
  );
  element.currentTime = time;
  await seeked;
}

export function play(element: HTMLVideoElement): void {
  // Autoplay may be refused without a user gesture; YouTube then shows a paused player.
  element.play().catch(ignore);
}
