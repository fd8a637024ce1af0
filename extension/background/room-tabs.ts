/**
 * The tabs' side of the background: each YouTube tab's port, and the session of each tab that is
 * in a room. A session starts when its tab shows the room's video and ends here, once.
 * @module
 */
import type { Browser } from 'wxt/browser';
import type { RoomState } from '../../shared/protocol';
import type { BackgroundToTab } from '../common/tab-messages';
import { getRelayUrl } from '../common/settings';
import type { Identity } from './identity';
import { followRoom, type FollowContext } from './playlist-follow';
import type { TabRoom, TabRoomStore } from './tab-rooms';
import { TabSession, type TabSessionHost } from './tab-session';

export class RoomTabs implements TabSessionHost, FollowContext {
  readonly #ports = new Map<number, Browser.runtime.Port>();
  readonly #sessions = new Map<number, TabSession>();

  constructor(
    readonly store: TabRoomStore,
    readonly identity: Identity,
  ) {}

  post(tabId: number, message: BackgroundToTab): void {
    this.#ports.get(tabId)?.postMessage(message);
  }

  /** Whether the tab's content script is connected (the page is one it runs on). */
  hasPage(tabId: number): boolean {
    return this.#ports.has(tabId);
  }

  session(tabId: number): TabSession | undefined {
    return this.#sessions.get(tabId);
  }

  isCurrent(session: TabSession): boolean {
    return this.#sessions.get(session.tabId) === session;
  }

  /** A tab's content script connected (a new page, or the same one after the worker restarted). */
  attach(tabId: number, port: Browser.runtime.Port): void {
    this.#ports.get(tabId)?.disconnect();
    this.#ports.set(tabId, port);
    port.onDisconnect.addListener(() => {
      if (this.#ports.get(tabId) !== port) return;
      this.#ports.delete(tabId);
      const session = this.#sessions.get(tabId);
      // Loading the room's next video: the new page picks the connection up.
      if (session?.following) return;
      // The page is gone or reloading; the room stays remembered so a reload rejoins it.
      session?.end();
    });
  }

  /** Connects a tab that is in a room and showing its video, or brings its page up to date. */
  async connect(tabId: number, room: TabRoom): Promise<void> {
    const existing = this.#sessions.get(tabId);
    if (existing?.key === room.info.key) {
      existing.resume(room.info);
      return;
    }
    existing?.end();
    const relayUrl = await getRelayUrl();
    // A page session in a room is a visit: rotate the identity token (failures show on the socket).
    this.identity.visit(relayUrl).catch(() => {});
    const session = new TabSession(tabId, room, relayUrl, this);
    this.#sessions.set(tabId, session);
    session.start();
  }

  /** The tab leaves its room for good (Leave room, a refusal, the tab closed). */
  async leave(tabId: number, message?: string): Promise<void> {
    this.#sessions.get(tabId)?.end();
    await this.store.delete(tabId);
    this.post(tabId, { type: 'left', message });
  }

  /** The tab shows another video: out of the room, which stays remembered for going back. */
  stepOut(tabId: number, message: string, rejoin: string): void {
    this.#sessions.get(tabId)?.end();
    this.post(tabId, { type: 'left', message, rejoin });
  }

  /** Every room this browser is in hears of a new nickname. */
  rename(name: string): void {
    for (const session of this.#sessions.values()) session.send({ type: 'rename', name });
  }

  roomExists(session: TabSession): void {
    void this.store.set(session.tabId, { info: session.info });
  }

  roomMoved(session: TabSession, state: RoomState): void {
    void followRoom(session, state, this);
  }

  roomRefused(session: TabSession, message: string): void {
    void this.leave(session.tabId, message);
  }

  sessionEnded(session: TabSession): void {
    if (this.isCurrent(session)) this.#sessions.delete(session.tabId);
  }
}
