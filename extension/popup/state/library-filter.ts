/**
 * What the Library tab shows: the videos matching the search and the watch-later toggle, a page
 * at a time so hundreds of entries stay quick to render.
 * @module
 */
import type { Video } from '../../../shared/protocol';

/** Entries rendered per "Show more". */
export const LIBRARY_PAGE_SIZE = 50;

export interface LibraryFilter {
  query: string;
  watchLaterOnly: boolean;
}

/** Case-insensitive match of every word of `query` against title and channel. */
export function filterVideos(videos: readonly Video[], filter: LibraryFilter): Video[] {
  const words = filter.query.toLocaleLowerCase().split(/\s+/).filter(Boolean);
  return videos.filter((video) => {
    if (filter.watchLaterOnly && !video.watchLater) return false;
    if (words.length === 0) return true;
    const haystack = `${video.title}\n${video.channel ?? ''}`.toLocaleLowerCase();
    return words.every((word) => haystack.includes(word));
  });
}

/** The first `pages` pages of `items`, and whether more are left. */
export function firstPages<T>(
  items: readonly T[],
  pages: number,
  pageSize = LIBRARY_PAGE_SIZE,
): { shown: T[]; more: number } {
  const shown = items.slice(0, Math.max(1, pages) * pageSize);
  return { shown, more: items.length - shown.length };
}
