/**
 * Loads the watch page's video into the `<video>` the way youtube.com does for each kind: a
 * plain file as its `src`, a DASH stream through Media Source Extensions (on demand or live),
 * and the page's own network and quality controls on the stream playing.
 * @module
 */
import type { RenditionLabel } from '../dash-media';
import type { PageVideo } from '../fake-youtube-types';
import { liveEdge, markLive, segmentClock, startLive } from './live-stream';
import { MseStream } from './mse-stream';

let stream: { mse: MseStream; stop: () => void } | null = null;

/** Gives `element` the video's source: a file, or a fresh MediaSource fed segment by segment. */
export function loadVideo(element: HTMLVideoElement, video: PageVideo): void {
  stream?.stop();
  stream = null;
  const dash = video.dash;
  markLive(dash?.live !== undefined);
  if (!dash) {
    element.src = video.src;
    return;
  }
  let stopLive = (): void => undefined;
  const mse = new MseStream(element, dash, segmentClock(dash), (opened) => {
    if (dash.live) stopLive = startLive(opened);
  });
  stream = {
    mse,
    stop: () => {
      stopLive();
      mse.close();
    },
  };
  element.src = mse.url;
}

function current(): MseStream {
  if (!stream) throw new Error('fake youtube: this video is not a DASH stream');
  return stream.mse;
}

export async function starve(ms: number): Promise<{ waitedMs: number }> {
  const mse = current();
  const element = mse.element;
  mse.withhold(true);
  // The buffer runs dry on its own: the element says so with `waiting`.
  await new Promise((resolve) => element.addEventListener('waiting', resolve, { once: true }));
  const waitingAt = performance.now();
  const playing = new Promise((resolve) =>
    element.addEventListener('playing', resolve, { once: true }),
  );
  await new Promise((resolve) => setTimeout(resolve, ms));
  mse.withhold(false);
  await playing;
  return { waitedMs: Math.round(performance.now() - waitingAt) };
}

export async function setQuality(
  label: RenditionLabel,
): Promise<{ width: number; height: number }> {
  const mse = current();
  const element = mse.element;
  const resized = new Promise((resolve) =>
    element.addEventListener('resize', resolve, { once: true }),
  );
  await mse.switchQuality(label);
  await resized;
  return { width: element.videoWidth, height: element.videoHeight };
}

export function behindLiveEdge(): number {
  const mse = current();
  return liveEdge(mse.dash) - mse.element.currentTime;
}
