/**
 * What the fake youtube.com recommends, per visitor: YouTube picks the "Up next" from who is
 * watching, so two members of a room see different ones. The visitor is YouTube's own
 * `VISITOR_INFO1_LIVE` cookie (a test sets one per peer with `context.addCookies`); a browser
 * without one is given a random one on its first page, as YouTube does.
 * @module
 */
import { createHash, randomBytes } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import type { PageVideo } from './fake-youtube-types';

export const VISITOR_COOKIE = 'VISITOR_INFO1_LIVE';

/** The request's visitor, and the cookie to set when it had none. */
export function visitorOf(request: IncomingMessage): { id: string; setCookie: string | null } {
  for (const part of (request.headers.cookie ?? '').split(';')) {
    const [name, ...value] = part.trim().split('=');
    if (name === VISITOR_COOKIE && value.length > 0)
      return { id: value.join('='), setCookie: null };
  }
  const id = randomBytes(8).toString('base64url');
  return { id, setCookie: `${VISITOR_COOKIE}=${id}; Path=/; Secure; HttpOnly; SameSite=None` };
}

/** Each video's Up next for `visitor`: another video of the catalogue, picked by a hash. */
export function upNextFor(visitor: string, videos: readonly PageVideo[]): Record<string, string> {
  const picks: Record<string, string> = {};
  for (const video of videos) {
    const others = videos.filter((other) => other.id !== video.id);
    if (others.length === 0) continue;
    const digest = createHash('sha256').update(`${visitor}:${video.id}`).digest();
    picks[video.id] = others[digest.readUInt32BE(0) % others.length]!.id;
  }
  return picks;
}
