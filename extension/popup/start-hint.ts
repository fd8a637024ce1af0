/**
 * What the Room tab says under Start room on each kind of page: how to start a room from there.
 * @module
 */
import type { YouTubePageKind } from '../common/youtube-page-kind';

const PICK_A_VIDEO = 'Open a YouTube video to start a room.';

export const START_HINT: Record<YouTubePageKind, string> = {
  watch:
    'Start room saves this video to your library and invites friends to watch it with you; Save only keeps it for later.',
  shorts:
    "Shorts play in their own player, which can't be kept in sync: this opens the Short as a regular video and starts the room there.",
  home: 'Pick a video on this page. Once it plays, Start room invites friends to watch it with you.',
  search:
    'Open one of these results. Once it plays, Start room invites friends to watch it with you.',
  mobile:
    "We Watch runs on YouTube's desktop site, not the mobile one. Open this video on www.youtube.com (in Firefox for Android: menu, then Desktop site) to start a room.",
  other: PICK_A_VIDEO,
  not_youtube: PICK_A_VIDEO,
};

/** The primary button's words: on a Short it does two things, and says so. */
export function startLabel(page: YouTubePageKind | undefined): string {
  return page === 'shorts' ? 'Open as a video and start room' : 'Start room';
}

/** While the room starts. */
export function startingText(page: YouTubePageKind | undefined): string {
  return page === 'shorts' ? 'Opening the video, then starting the room…' : 'Starting the room…';
}
