/**
 * The last library the relay sent, kept in `storage.local` per relay URL, so the popup shows it
 * at once when it opens, and still shows it when the relay cannot be reached.
 * @module
 */
import * as v from 'valibot';
import { browser } from 'wxt/browser';
import { LibrarySchema, TimestampSchema, type Library } from '../../../shared/protocol';

const CachedLibrarySchema = v.object({ savedAt: TimestampSchema, library: LibrarySchema });
export type CachedLibrary = v.InferOutput<typeof CachedLibrarySchema>;

function cacheKey(relayUrl: string): string {
  return `library:${relayUrl}`;
}

/** The cached library for `relayUrl`, or null (none yet, or from an older format). */
export async function readCachedLibrary(relayUrl: string): Promise<CachedLibrary | null> {
  const key = cacheKey(relayUrl);
  const stored = await browser.storage.local.get(key);
  const parsed = v.safeParse(CachedLibrarySchema, stored[key]);
  return parsed.success ? parsed.output : null;
}

export async function writeCachedLibrary(
  relayUrl: string,
  library: Library,
  savedAt: number,
): Promise<void> {
  const entry: CachedLibrary = { savedAt, library };
  await browser.storage.local.set({ [cacheKey(relayUrl)]: entry });
}
