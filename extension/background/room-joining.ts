/**
 * Putting a tab in a room: one started from the video it shows, or one behind an invite key.
 * @module
 */
import { browser } from 'wxt/browser';
import { inviteLink } from '../../shared/invite-key';
import type { PlayerSnapshot } from '../../shared/protocol';
import { youtubeIdFromUrl } from '../../shared/youtube-id';
import { lookupInvite } from '../common/relay-api';
import { saveVideo } from '../common/relay-library-api';
import { RelayError } from '../common/relay-error';
import { LIVE_JOIN_REFUSED, LIVE_START_REFUSED } from '../common/live-stream';
import { getRelayUrl } from '../common/settings';
import type { RoomTabs } from './room-tabs';
import type { TabRoom } from './tab-rooms';
import { tabVideo } from './tab-video';
import { isYouTubeUrl, watchUrl } from './youtube-tab';

/**
 * Joins `tabId` (or a new tab) to the room behind an invite key; navigates it if needed.
 * `initial` is offered as the room's player if the room does not exist yet.
 */
export async function joinInTab(
  tabs: RoomTabs,
  key: string,
  tabId: number | null,
  initial?: PlayerSnapshot,
): Promise<number> {
  const relayUrl = await getRelayUrl();
  const invite = await lookupInvite(relayUrl, key);
  // A playlist room opens on its first video; the welcome moves the tab on if the room is
  // further along.
  const first = invite.kind === 'video' ? invite : invite.items[0];
  if (!first) throw new RelayError('invalid', 'That playlist has no videos yet.');
  const info = {
    key,
    youtubeId: first.youtubeId,
    title: first.title,
    link: inviteLink(first.youtubeId, key),
    ...(invite.kind === 'playlist'
      ? { playlist: { title: invite.title, items: invite.items } }
      : {}),
  };
  const tab = tabId === null ? null : await browser.tabs.get(tabId).catch(() => null);
  const reuse = tab?.id !== undefined && isYouTubeUrl(tab.url);
  // A new tab opens blank first so the room is recorded before its page can ask for it.
  const target = reuse ? tab?.id : (await browser.tabs.create({ active: true })).id;
  if (target === undefined) throw new Error('could not open a tab');
  const shown = reuse && youtubeIdFromUrl(tab?.url) === first.youtubeId && tabs.hasPage(target);
  // A page already there says now whether it is live (one that cannot answer is taken for a
  // video, as before); a new page says so once it has loaded.
  const live =
    shown &&
    (await tabVideo(target, tabs).then(
      (v) => v.snapshot?.live,
      () => false,
    ));
  if (live) throw new RelayError('invalid', LIVE_JOIN_REFUSED);
  if (tabs.session(target)?.key !== key) await tabs.leave(target);
  const room: TabRoom = initial ? { info, initial } : { info };
  await tabs.store.set(target, room);
  if (shown) await tabs.connect(target, room);
  else await browser.tabs.update(target, { url: watchUrl(first.youtubeId) });
  return target;
}

/** Starts a room on the video the tab shows, saving it to the library (its key is the room's). */
export async function startRoom(tabs: RoomTabs, tabId: number): Promise<void> {
  const { snapshot, video: found } = await tabVideo(tabId, tabs);
  if (!snapshot)
    throw new RelayError(
      'invalid',
      'We Watch is not running in this tab yet: reload the page, then try again.',
    );
  if (snapshot.live) throw new RelayError('invalid', LIVE_START_REFUSED);
  const youtubeId = found.youtubeId;
  const relayUrl = await getRelayUrl();
  const video = await tabs.identity.withSession(relayUrl, (session) =>
    saveVideo(relayUrl, session, found),
  );
  const info = {
    key: video.inviteKey,
    youtubeId,
    title: video.title,
    link: inviteLink(youtubeId, video.inviteKey),
  };
  if (tabs.session(tabId)?.key !== info.key) await tabs.leave(tabId);
  const room: TabRoom = { info, initial: snapshot.player ?? undefined };
  await tabs.store.set(tabId, room);
  await tabs.connect(tabId, room);
}
