/**
 * What kind of YouTube page a tab shows, from its URL alone: the popup words what to do on each
 * (a room starts on a watch page; a Short can be opened as one; home and search results are
 * where videos are picked; the mobile site is not supported).
 * @module
 */
import * as v from 'valibot';
import { YOUTUBE_ID_PATTERN, youtubeIdFromUrl } from '../../shared/youtube-id';

export const YouTubePageKindSchema = v.picklist([
  /** `/watch?v=…`: a room can start here. */
  'watch',
  /** `/shorts/ID`: YouTube's Shorts player, which cannot be kept in sync. */
  'shorts',
  'home',
  'search',
  /** m.youtube.com, which We Watch does not run on. */
  'mobile',
  /** Any other YouTube page (a channel, a playlist, settings…). */
  'other',
  'not_youtube',
]);
export type YouTubePageKind = v.InferOutput<typeof YouTubePageKindSchema>;

export interface YouTubePage {
  kind: YouTubePageKind;
  /** The video a watch page or a Short shows. */
  youtubeId: string | null;
}

export function youtubePage(url: string | undefined): YouTubePage {
  let parsed: URL;
  try {
    parsed = new URL(url ?? '');
  } catch {
    return { kind: 'not_youtube', youtubeId: null };
  }
  const host = parsed.hostname;
  if (host !== 'youtube.com' && !host.endsWith('.youtube.com'))
    return { kind: 'not_youtube', youtubeId: null };
  if (host === 'm.youtube.com') return { kind: 'mobile', youtubeId: null };
  const watched = youtubeIdFromUrl(url);
  if (watched) return { kind: 'watch', youtubeId: watched };
  const short = /^\/shorts\/([^/]+)\/?$/.exec(parsed.pathname)?.[1];
  if (short && YOUTUBE_ID_PATTERN.test(short)) return { kind: 'shorts', youtubeId: short };
  if (parsed.pathname === '/' || parsed.pathname === '') return { kind: 'home', youtubeId: null };
  if (parsed.pathname === '/results') return { kind: 'search', youtubeId: null };
  return { kind: 'other', youtubeId: null };
}
