/**
 * User settings kept in `storage.local`: the relay URL, so anyone can self-host, and the nickname.
 *
 * Both are WXT storage items at version 1, the shape every released version stored under these
 * keys (WXT counts a value stored without version metadata as version 1): a later shape adds its
 * migration to the item, so what users have stored is carried over rather than lost. Values are
 * still checked where they are read: storage is shared with every older and newer version.
 * @module
 */
import { storage } from 'wxt/utils/storage';
import { cleanNickname, generateNickname } from './nickname';
import { normaliseRelayUrl } from './relay-url';

declare const __RELAY_URL__: string;

/** The relay this build was made for. */
export const DEFAULT_RELAY_URL = __RELAY_URL__;

const relayUrlItem = storage.defineItem<string>('local:relayUrl', { version: 1 });
const nicknameItem = storage.defineItem<string>('local:nickname', { version: 1 });

export async function getRelayUrl(): Promise<string> {
  const value: unknown = await relayUrlItem.getValue();
  return typeof value === 'string' && normaliseRelayUrl(value) ? value : DEFAULT_RELAY_URL;
}

/** Stores a relay URL that has already been through `normaliseRelayUrl`. */
export async function setRelayUrl(url: string): Promise<void> {
  await relayUrlItem.setValue(url);
}

/** The nickname rooms show for this user; a friendly one is made up and kept the first time. */
export async function getNickname(): Promise<string> {
  const stored: unknown = await nicknameItem.getValue();
  const kept = typeof stored === 'string' ? cleanNickname(stored) : null;
  if (kept) return kept;
  const made = generateNickname();
  await nicknameItem.setValue(made);
  return made;
}

/** Keeps a nickname; returns it as kept, or null if it is not a valid one. */
export async function setNickname(input: string): Promise<string | null> {
  const name = cleanNickname(input);
  if (name) await nicknameItem.setValue(name);
  return name;
}

/** Calls `listener` with the new nickname whenever it changes (from the popup or an overlay). */
export function onNicknameChanged(listener: (name: string) => void): () => void {
  return nicknameItem.watch((next: unknown) => {
    const name = typeof next === 'string' ? cleanNickname(next) : null;
    if (name) listener(name);
  });
}
