/**
 * Whether the fake youtube.com plays a video to the browser asking, decided as YouTube does: on
 * the server, from the request's cookies (the country in `PREF`'s `gl`, the signed-in account in
 * `SID`), answered as the player response's `playabilityStatus`, which the page then shows.
 * @module
 */
import type { IncomingMessage } from 'node:http';
import type { FakeVideo, Playability } from './fake-youtube-types';

const OK: Playability = { status: 'OK' };

/** Who the request comes from, by its cookies. */
export interface Viewer {
  /** ISO 3166 country code, upper case; YouTube's default (`US`) without a `gl`. */
  country: string;
  /** The signed-in account (`SID`), if any. */
  account: string | null;
}

export function viewerOf(request: IncomingMessage): Viewer {
  const cookies = new Map<string, string>();
  for (const part of (request.headers.cookie ?? '').split(';')) {
    const at = part.indexOf('=');
    if (at > 0) cookies.set(part.slice(0, at).trim(), part.slice(at + 1).trim());
  }
  const pref = new URLSearchParams(decodeURIComponent(cookies.get('PREF') ?? ''));
  return {
    country: (pref.get('gl') ?? 'US').toUpperCase(),
    account: cookies.get('SID') || null,
  };
}

/** YouTube's answer for `video` to `viewer`, with the words its error screen shows. */
export function playabilityFor(video: FakeVideo, viewer: Viewer): Playability {
  const restriction = video.restriction;
  if (!restriction) return OK;
  switch (restriction.kind) {
    case 'region':
      return restriction.blockedIn.includes(viewer.country)
        ? {
            status: 'UNPLAYABLE',
            reason: 'Video unavailable',
            subreason: 'The uploader has not made this video available in your country',
          }
        : OK;
    case 'age':
      return viewer.account
        ? OK
        : {
            status: 'LOGIN_REQUIRED',
            reason: 'Sign in to confirm your age',
            subreason: 'This video may be inappropriate for some users.',
          };
    case 'private':
      return viewer.account && restriction.viewers.includes(viewer.account)
        ? OK
        : {
            status: 'LOGIN_REQUIRED',
            reason: 'Private video',
            subreason: "Sign in if you've been granted access to this video",
          };
    case 'members':
      return viewer.account && restriction.members.includes(viewer.account)
        ? OK
        : {
            status: 'UNPLAYABLE',
            reason:
              'Join this channel to get access to members-only content like this video, and other exclusive perks.',
            subreason: null,
          };
  }
}
