/**
 * Runs in the page's own world, where YouTube's player API lives: answers the isolated content
 * script's question "how far is the `<video>`'s time from the video's own time?" (stitched ads),
 * so sync runs on the video's time. Reads only; it never drives the player.
 * @module
 */
import {
  CONTENT_OFFSET_EVENT,
  CONTENT_OFFSET_REQUEST,
  contentOffset,
} from '../common/content-offset';

interface YouTubePlayerApi {
  getCurrentTime(): number;
}

function playerApi(element: Element | null): YouTubePlayerApi | null {
  const api = element as Partial<YouTubePlayerApi> | null;
  return typeof api?.getCurrentTime === 'function' ? (api as YouTubePlayerApi) : null;
}

function currentOffset(): number {
  const player = document.getElementById('movie_player');
  const video = player?.querySelector('video');
  const api = playerApi(player);
  // A client-side ad plays other media in the element: there is no offset to speak of.
  if (!player || !video || !api || player.classList.contains('ad-showing')) return 0;
  return contentOffset(video.currentTime, api.getCurrentTime());
}

export function startPagePlayerBridge(): () => void {
  const answer = () =>
    window.dispatchEvent(new CustomEvent(CONTENT_OFFSET_EVENT, { detail: currentOffset() }));
  window.addEventListener(CONTENT_OFFSET_REQUEST, answer);
  return () => window.removeEventListener(CONTENT_OFFSET_REQUEST, answer);
}
