/**
 * User settings kept in `storage.local`: the relay URL, so anyone can self-host, and the nickname.
 * @module
 */
import { browser } from 'wxt/browser';
import { cleanNickname, generateNickname } from './nickname';
import { normaliseRelayUrl } from './relay-url';

declare const __RELAY_URL__: string;

/** The relay this build was made for. */
export const DEFAULT_RELAY_URL = __RELAY_URL__;

const RELAY_URL_KEY = 'relayUrl';

export async function getRelayUrl(): Promise<string> {
  const stored = await browser.storage.local.get(RELAY_URL_KEY);
  const value = stored[RELAY_URL_KEY];
  return typeof value === 'string' && normaliseRelayUrl(value) ? value : DEFAULT_RELAY_URL;
}

/** Stores a relay URL that has already been through `normaliseRelayUrl`. */
export async function setRelayUrl(url: string): Promise<void> {
  await browser.storage.local.set({ [RELAY_URL_KEY]: url });
}

const NICKNAME_KEY = 'nickname';

/** The nickname rooms show for this user; a friendly one is made up and kept the first time. */
export async function getNickname(): Promise<string> {
  const stored = (await browser.storage.local.get(NICKNAME_KEY))[NICKNAME_KEY];
  const kept = typeof stored === 'string' ? cleanNickname(stored) : null;
  if (kept) return kept;
  const made = generateNickname();
  await browser.storage.local.set({ [NICKNAME_KEY]: made });
  return made;
}

/** Keeps a nickname; returns it as kept, or null if it is not a valid one. */
export async function setNickname(input: string): Promise<string | null> {
  const name = cleanNickname(input);
  if (name) await browser.storage.local.set({ [NICKNAME_KEY]: name });
  return name;
}

/** Calls `listener` with the new nickname whenever it changes (from the popup or an overlay). */
export function onNicknameChanged(listener: (name: string) => void): () => void {
  const handle = (changes: Record<string, { newValue?: unknown }>, area: string) => {
    const next = changes[NICKNAME_KEY]?.newValue;
    if (area !== 'local' || typeof next !== 'string') return;
    const name = cleanNickname(next);
    if (name) listener(name);
  };
  browser.storage.onChanged.addListener(handle);
  return () => browser.storage.onChanged.removeListener(handle);
}
