/**
 * The background's wiring: the browser's events, checked where they arrive, handed to the tabs'
 * sessions and to the popup's and the tabs' handlers.
 * @module
 */
import * as v from 'valibot';
import { browser, type Browser } from 'wxt/browser';
import {
  PopupRequestSchema,
  type PopupMethod,
  type PopupResponses,
} from '../common/popup-messages';
import { onNicknameChanged } from '../common/settings';
import { TAB_PORT_NAME, TabToBackgroundSchema } from '../common/tab-messages';
import { Identity } from './identity';
import { answerPopup, type PopupContext } from './popup-handlers';
import { RoomTabs } from './room-tabs';
import { handleTabMessage } from './tab-handlers';
import { TabRoomStore } from './tab-rooms';

export interface RoomService {
  /** `runtime.onConnect`: a content script's port. */
  connected(port: Browser.runtime.Port): void;
  /** `runtime.onMessage`: a request from the extension's own pages; undefined leaves it be. */
  message(
    raw: unknown,
    sender: Browser.runtime.MessageSender,
  ): Promise<PopupResponses[PopupMethod]> | undefined;
  /** `tabs.onRemoved`. */
  tabClosed(tabId: number): Promise<void>;
  nicknameChanged(name: string): void;
}

/** Everything one background start keeps, in one object. */
export function createRoomService(): RoomService {
  const tabs = new RoomTabs(new TabRoomStore(), new Identity());
  const popup: PopupContext = { tabs, relayError: null };
  return {
    connected(port) {
      const tabId = port.sender?.tab?.id;
      if (port.name !== TAB_PORT_NAME || tabId === undefined) return;
      tabs.attach(tabId, port);
      port.onMessage.addListener((raw: unknown) => {
        const parsed = v.safeParse(TabToBackgroundSchema, raw);
        if (parsed.success) void handleTabMessage(parsed.output, { tabId, tabs });
      });
    },
    message(raw, sender) {
      // Only the extension's own pages may drive it; content scripts have their port.
      if (sender.id !== browser.runtime.id || !sender.url?.startsWith(browser.runtime.getURL('/')))
        return undefined;
      const parsed = v.safeParse(PopupRequestSchema, raw);
      if (!parsed.success) return undefined;
      return answerPopup(parsed.output, popup);
    },
    tabClosed: (tabId) => tabs.leave(tabId),
    nicknameChanged: (name) => tabs.rename(name),
  };
}

/** Registers every listener; called synchronously when the service worker starts. */
export function startRoomService(): void {
  const service = createRoomService();
  browser.runtime.onConnect.addListener((port) => service.connected(port));
  // The runtime behind `wxt/browser` is webextension-polyfill (the WXT module), which answers
  // with a returned promise's value; WXT's Chrome-based types only know `sendResponse`.
  // eslint-disable-next-line @typescript-eslint/no-misused-promises
  browser.runtime.onMessage.addListener((raw: unknown, sender: Browser.runtime.MessageSender) =>
    service.message(raw, sender),
  );
  browser.tabs.onRemoved.addListener((tabId) => void service.tabClosed(tabId));
  onNicknameChanged((name) => service.nicknameChanged(name));
}
