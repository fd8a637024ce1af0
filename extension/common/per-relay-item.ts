/**
 * WXT storage items kept per relay URL (`identity:<relayUrl>`, `library:<relayUrl>`…): what one
 * relay issued is only ever read back for that relay.
 * @module
 */
import {
  storage,
  type StorageItemKey,
  type WxtStorageItem,
  type WxtStorageItemOptions,
} from 'wxt/utils/storage';

export type RelayItem<T> = WxtStorageItem<T | null, Record<string, never>>;

/**
 * The item of each relay URL, defined the first time that relay is used and kept, so its
 * migrations run once per page rather than on every read.
 */
export function perRelayItem<T>(
  key: (relayUrl: string) => StorageItemKey,
  options: WxtStorageItemOptions<T>,
): (relayUrl: string) => RelayItem<T> {
  const items = new Map<string, RelayItem<T>>();
  return (relayUrl) => {
    let item = items.get(relayUrl);
    if (!item) {
      item = storage.defineItem<T>(key(relayUrl), options);
      items.set(relayUrl, item);
    }
    return item;
  };
}
