/**
 * What the background does with each message a tab's content script sends over its port: one
 * handler per message of `tab-messages.ts`.
 * @module
 */
import type { TabToBackground } from '../common/tab-messages';
import { describeError } from '../common/relay-error';
import { liveRoomLeft } from '../common/live-stream';
import { setNickname } from '../common/settings';
import { joinInTab } from './room-joining';
import type { RoomTabs } from './room-tabs';

export interface TabContext {
  readonly tabId: number;
  readonly tabs: RoomTabs;
}

type TabMessageType = TabToBackground['type'];
type TabMessage<T extends TabMessageType> = Extract<TabToBackground, { type: T }>;

type TabHandlers = {
  [T in TabMessageType]: (message: TabMessage<T>, context: TabContext) => Promise<void> | void;
};

/** Frames the room's timeline depends on; only a refused playback change is worth a word. */
type SyncMessage = TabMessage<'control' | 'ready' | 'stall' | 'nowait' | 'queue' | 'report'>;
/** Chat, reactions, Play next together and host controls: passed on to the relay as they are. */
type RoomMessage = TabMessage<
  | 'chat'
  | 'react'
  | 'move'
  | 'host_only'
  | 'hand_host'
  | 'remove'
  | 'let_in_only'
  | 'let_in'
  | 'deny'
>;

function forwardSync(message: SyncMessage, { tabId, tabs }: TabContext): void {
  const session = tabs.session(tabId);
  const sent = session?.send(
    message.type === 'report' ? { ...message, rtt: session.rtt } : message,
  );
  if (!sent && message.type === 'control')
    tabs.post(tabId, {
      type: 'status',
      status: session?.status ?? 'error',
      message: session?.message ?? 'Not connected to the room: your change was not shared.',
    });
}

function forwardRoom(message: RoomMessage, { tabId, tabs }: TabContext): void {
  const session = tabs.session(tabId);
  if (!session?.send(message))
    tabs.post(tabId, {
      type: 'status',
      status: session?.status ?? 'error',
      message: session?.message ?? 'Not connected to the room: try again in a moment.',
    });
}

export const tabHandlers: TabHandlers = {
  async page(message, { tabId, tabs }) {
    const room = await tabs.store.get(tabId);
    if (!room) return;
    if (room.info.youtubeId === message.youtubeId) {
      // A room cannot keep a live stream in sync: the tab leaves it, saying why.
      if (message.live) return tabs.leave(tabId, liveRoomLeft(room.info.title));
      await tabs.connect(tabId, room);
      return;
    }
    // On another video (YouTube navigates in place), or none (the miniplayer closed): step out
    // of the room, but remember it, so going back rejoins; the popup still offers Leave room.
    tabs.stepOut(
      tabId,
      message.youtubeId === null
        ? `The room's video stopped. Go back to “${room.info.title}” to watch together again.`
        : `You left the room's video. Go back to “${room.info.title}” to watch together again.`,
      room.info.youtubeId,
    );
  },
  async join(message, { tabId, tabs }) {
    await joinInTab(tabs, message.inviteKey, tabId).catch((error: unknown) =>
      tabs.post(tabId, { type: 'left', message: describeError(error) }),
    );
  },
  control: forwardSync,
  ready: forwardSync,
  stall: forwardSync,
  nowait: forwardSync,
  queue: forwardSync,
  report: forwardSync,
  leave: (_message, { tabId, tabs }) => tabs.leave(tabId),
  move: forwardRoom,
  chat: forwardRoom,
  react: forwardRoom,
  host_only: forwardRoom,
  hand_host: forwardRoom,
  remove: forwardRoom,
  let_in_only: forwardRoom,
  let_in: forwardRoom,
  deny: forwardRoom,
  async rename(message) {
    // Kept for later rooms; the change listener tells every room this browser is in.
    await setNickname(message.name);
  },
};

/** Runs the message's handler. */
export function handleTabMessage(message: TabToBackground, context: TabContext): Promise<void> {
  // TypeScript cannot pair a union's member with its own handler: the table's type does that.
  const handler = tabHandlers[message.type] as (
    message: TabToBackground,
    context: TabContext,
  ) => Promise<void> | void;
  return Promise.resolve(handler(message, context));
}
