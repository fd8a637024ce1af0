/**
 * The end of the room's video, as pure rules: what the member whose video ends asks of the room,
 * and what the overlay offers once the room stands at the end.
 * @module
 */
import { MAX_PLAYLIST_ITEMS, type RoomState } from '../../shared/protocol';

/** A room paused this close to the video's duration stands at its end. */
export const AT_END_S = 0.1;

/** The video YouTube's "Up next" offers on this member's page. */
export interface UpNext {
  youtubeId: string;
  title: string;
}

/** What the overlay offers at the end: Play again, and Play next together when there is a next. */
export interface EndOffer {
  upNext: UpNext | null;
}

/**
 * What a member whose video ended while the room played asks of it: a playlist room moves to its
 * next entry (even from what it knows as the last: the playlist may have grown; the relay moves
 * the room once, and not past the end); any other room stops there, everyone on the last frame.
 * Under "Only host controls" the host's own end does it: others asking would only be refused.
 */
export function endStep(
  state: RoomState,
  canControl: boolean,
): { kind: 'queue'; from: number; to: number } | { kind: 'stop' } | null {
  if (!canControl) return null;
  if (state.item === null) return { kind: 'stop' };
  return state.item + 1 < MAX_PLAYLIST_ITEMS
    ? { kind: 'queue', from: state.item, to: state.item + 1 }
    : null;
}

/**
 * The offer once a room outside playlists is paused at the end of its video (`duration` seconds
 * long on this page), or null: playing, holding, in a playlist room (its queue moves on), or
 * before the end. The page's Up next is offered unless it is the video the room is on.
 */
export function endOffer(
  state: RoomState | null,
  duration: number,
  upNext: UpNext | null,
): EndOffer | null {
  if (!state || state.playing || state.hold || state.item !== null) return null;
  if (!Number.isFinite(duration) || duration <= 0) return null;
  if (state.position < duration - AT_END_S) return null;
  return { upNext: upNext && upNext.youtubeId !== state.videoId ? upNext : null };
}

export function sameOffer(a: EndOffer | null, b: EndOffer | null): boolean {
  if (a === null || b === null) return a === b;
  return a.upNext?.youtubeId === b.upNext?.youtubeId && a.upNext?.title === b.upNext?.title;
}
