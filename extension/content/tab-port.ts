/**
 * The content script's end of its `runtime.Port` to the background. The port dies when the service
 * worker restarts or the extension updates; this reconnects (which wakes the worker) and says
 * hello again, so the tab rejoins its room by itself.
 * @module
 */
import * as v from 'valibot';
import { browser, type Browser } from 'wxt/browser';
import { reconnectDelay } from '../common/reconnect-delay';
import {
  BackgroundToTabSchema,
  TAB_PORT_NAME,
  type BackgroundToTab,
  type TabToBackground,
} from '../common/tab-messages';

export interface TabPort {
  send(message: TabToBackground): void;
  close(): void;
}

export function openTabPort(options: {
  onMessage(message: BackgroundToTab): void;
  /** Called after every (re)connect: say who we are. */
  onConnect(port: TabPort): void;
  /** False once the extension context is gone (updated or removed): stop for good. */
  isValid(): boolean;
}): TabPort {
  let port: Browser.runtime.Port | null = null;
  let attempt = 0;
  let closed = false;
  let timer: ReturnType<typeof setTimeout> | undefined;

  const api: TabPort = {
    send(message) {
      port?.postMessage(message);
    },
    close() {
      closed = true;
      clearTimeout(timer);
      port?.disconnect();
      port = null;
    },
  };

  const connect = () => {
    if (closed || !options.isValid()) return;
    try {
      port = browser.runtime.connect({ name: TAB_PORT_NAME });
    } catch {
      return; // The extension context is gone.
    }
    port.onMessage.addListener((raw: unknown) => {
      attempt = 0;
      const parsed = v.safeParse(BackgroundToTabSchema, raw);
      if (parsed.success) options.onMessage(parsed.output);
    });
    port.onDisconnect.addListener(() => {
      port = null;
      if (closed) return;
      timer = setTimeout(connect, reconnectDelay(attempt++, Math.random(), 100, 5000));
    });
    options.onConnect(api);
  };
  connect();
  return api;
}
