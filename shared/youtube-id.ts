/**
 * YouTube video ids: 11 characters of base64url. Validated wherever one crosses a boundary.
 * @module
 */

export const YOUTUBE_ID_PATTERN = /^[A-Za-z0-9_-]{11}$/;

/** The video id of a YouTube watch page URL, or null for any other URL. */
export function youtubeIdFromUrl(url: string | undefined): string | null {
  if (!url) return null;
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return null;
  }
  const host = parsed.hostname;
  if (host !== 'youtube.com' && !host.endsWith('.youtube.com')) return null;
  if (parsed.pathname !== '/watch') return null;
  const id = parsed.searchParams.get('v');
  return id && YOUTUBE_ID_PATTERN.test(id) ? id : null;
}
