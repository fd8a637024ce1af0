/**
 * A room moved to another video (a playlist room's queue, or Play next together in a room that
 * plays one video): the tab loads it, keeping the room's connection (and so the membership the
 * room's load hold waits for) while the page reloads.
 * @module
 */
import { browser } from 'wxt/browser';
import type { RoomState } from '../../shared/protocol';
import type { RoomInfo } from '../common/tab-messages';
import { lookupInvite } from '../common/relay-api';
import { getRelayUrl } from '../common/settings';
import type { TabRoomStore } from './tab-rooms';
import type { TabSession } from './tab-session';
import { watchUrl } from './youtube-tab';

/** How long a tab following its room to the next video may take to come back before it is let go. */
export const FOLLOW_TIMEOUT_MS = 20_000;

/** What following needs of the tabs around the session. */
export interface FollowContext {
  readonly store: TabRoomStore;
  /** Whether `session` is still the one its tab is in. */
  isCurrent(session: TabSession): boolean;
  leave(tabId: number): Promise<void>;
}

/**
 * The title to show for the video the room is on now: in a playlist room the entry's, else the
 * playlist's; in a room moved to another video the title it keeps; else the one known.
 */
export function followedTitle(info: RoomInfo, state: RoomState): string {
  const playlist = info.playlist;
  return (
    (state.item !== null ? playlist?.items[state.item]?.title : undefined) ??
    playlist?.items.find((item) => item.youtubeId === state.videoId)?.title ??
    playlist?.title ??
    state.title ??
    info.title
  );
}

export async function followRoom(
  session: TabSession,
  state: RoomState,
  context: FollowContext,
): Promise<void> {
  const { tabId } = session;
  const { store } = context;
  const room = await store.get(tabId);
  if (!room || !context.isCurrent(session)) return;
  const info = { ...room.info, youtubeId: state.videoId, title: followedTitle(room.info, state) };
  session.info = info;
  session.following = true;
  await store.set(tabId, { info });
  await browser.tabs
    .update(tabId, { url: watchUrl(state.videoId) })
    .catch(() => context.leave(tabId));
  // A page that never comes back (the user went elsewhere, the renderer crashed) must not stay
  // a member every hold waits for.
  setTimeout(() => {
    if (context.isCurrent(session) && session.following) session.end();
  }, FOLLOW_TIMEOUT_MS);
  // The queue may have changed since it was read: read it again for the page about to load.
  const fresh = await lookupInvite(await getRelayUrl(), room.info.key).catch(() => null);
  const current = await store.get(tabId);
  if (fresh?.kind === 'playlist' && current?.info.key === room.info.key) {
    const refreshed = { ...current.info, playlist: { title: fresh.title, items: fresh.items } };
    if (context.isCurrent(session)) session.info = refreshed;
    await store.set(tabId, { info: refreshed });
  }
}
