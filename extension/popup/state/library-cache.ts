/**
 * The last library the relay sent, kept in `storage.local` per relay URL, so the popup shows it
 * at once when it opens, and still shows it when the relay cannot be reached. A WXT storage item
 * per relay, at version 1 (the shape released versions cached under `library:<relayUrl>`).
 * @module
 */
import * as v from 'valibot';
import { LibrarySchema, TimestampSchema, type Library } from '../../../shared/protocol';
import { perRelayItem } from '../../common/per-relay-item';

const CachedLibrarySchema = v.object({ savedAt: TimestampSchema, library: LibrarySchema });
export type CachedLibrary = v.InferOutput<typeof CachedLibrarySchema>;

const cacheItem = perRelayItem<CachedLibrary>((relayUrl) => `local:library:${relayUrl}`, {
  version: 1,
});

/** The cached library for `relayUrl`, or null (none yet, or one this version cannot read). */
export async function readCachedLibrary(relayUrl: string): Promise<CachedLibrary | null> {
  const parsed = v.safeParse(CachedLibrarySchema, await cacheItem(relayUrl).getValue());
  return parsed.success ? parsed.output : null;
}

export async function writeCachedLibrary(
  relayUrl: string,
  library: Library,
  savedAt: number,
): Promise<void> {
  await cacheItem(relayUrl).setValue({ savedAt, library });
}
