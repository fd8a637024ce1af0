/**
 * User settings kept in `storage.local`: for now the relay URL, so anyone can self-host.
 * @module
 */
import browser from 'webextension-polyfill';
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
