/**
 * A YouTube tab as the background meets it in unit tests: a tab in WXT's fake browser and the
 * `runtime.Port` its content script would open.
 * @module
 */
import { fakeBrowser } from 'wxt/testing/fake-browser';
import type { Browser } from 'wxt/browser';
import { TAB_PORT_NAME, type BackgroundToTab } from '../../common/tab-messages';
import { watchUrl } from '../youtube-tab';

/** A tab showing `youtubeId`'s watch page. */
export async function openVideoTab(youtubeId: string): Promise<number> {
  const tab = await fakeBrowser.tabs.create({ url: watchUrl(youtubeId) });
  if (tab.id === undefined) throw new Error('the fake browser gave no tab id');
  return tab.id;
}

/** The content script's port, as the background's `runtime.onConnect` gets it. */
export function fakePort(tabId: number, name = TAB_PORT_NAME) {
  const onMessage: ((message: unknown, port: Browser.runtime.Port) => void)[] = [];
  const onDisconnect: ((port: Browser.runtime.Port) => void)[] = [];
  /** What the background posted to the page. */
  const received: BackgroundToTab[] = [];
  const state = { disconnected: false };
  const port = {
    name,
    sender: { tab: { id: tabId } },
    postMessage: (message: BackgroundToTab) => received.push(message),
    disconnect: () => {
      state.disconnected = true;
    },
    onMessage: { addListener: (listener: (typeof onMessage)[number]) => onMessage.push(listener) },
    onDisconnect: {
      addListener: (listener: (typeof onDisconnect)[number]) => onDisconnect.push(listener),
    },
  } as unknown as Browser.runtime.Port;
  return {
    port,
    received,
    state,
    /** The page sends a message: anything, as the background must check it. */
    send(message: unknown) {
      for (const listener of onMessage) listener(message, port);
    },
    /** The page goes away (reload, navigation, closed tab, or the port broke). */
    drop() {
      for (const listener of onDisconnect) listener(port);
    },
    /** The messages of one type the page received. */
    ofType<T extends BackgroundToTab['type']>(type: T) {
      return received.filter((m): m is Extract<BackgroundToTab, { type: T }> => m.type === type);
    },
  };
}
export type FakePort = ReturnType<typeof fakePort>;
