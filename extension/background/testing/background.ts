/**
 * One background start for unit tests: the room service on WXT's fake browser, the relay faked
 * at its boundary (`fetch`, `WebSocket`), and ways in as the popup and as a tab's page.
 * Test files must stub `__RELAY_URL__` with `RELAY` before anything imports settings.
 * @module
 */
import { expect, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import type { PopupRequest, PopupResponses } from '../../common/popup-messages';
import { createRoomService } from '../room-service';
import { fakePort } from './fake-tab';
import { fakeRelayApi, fakeSockets } from './fake-relay';

export function startBackground() {
  fakeBrowser.reset();
  const api = fakeRelayApi();
  vi.stubGlobal('fetch', api.fetch);
  const ws = fakeSockets();
  ws.install();
  const service = createRoomService();
  const popup = { id: fakeBrowser.runtime.id, url: fakeBrowser.runtime.getURL('/popup.html') };
  return {
    api,
    ws,
    service,
    /** A request from the popup, answered as the popup would get it. */
    async ask<R extends PopupRequest>(request: R): Promise<PopupResponses[R['method']]> {
      const answer = service.message(request, popup);
      if (!answer) throw new Error('the background left a popup request unanswered');
      return (await answer) as PopupResponses[R['method']];
    },
    /** The content script of `tabId` connects its port. */
    connectPage(tabId: number) {
      const page = fakePort(tabId);
      service.connected(page.port);
      return page;
    },
    /** Closes every tab, so no connection of this test reconnects into the next one's. */
    async stop() {
      const tabs = await fakeBrowser.tabs.query({});
      for (const tab of tabs) if (tab.id !== undefined) await service.tabClosed(tab.id);
    },
    /** Waits for the background to open one more socket than `before`, and returns it. */
    async nextSocket(before: number) {
      await vi.waitFor(() => expect(ws.sockets.length).toBeGreaterThan(before));
      return ws.last;
    },
  };
}
export type Background = ReturnType<typeof startBackground>;

/** Opens the socket from the relay's end and waits for the extension's hello. */
export async function acceptHello(socket: ReturnType<typeof fakeSockets>['last']) {
  socket.accept();
  await vi.waitFor(() => expect(socket.sent.some((f) => f.type === 'hello')).toBe(true));
  const hello = socket.sent.find((f) => f.type === 'hello');
  if (!hello || hello.type !== 'hello') throw new Error('no hello');
  return hello;
}
