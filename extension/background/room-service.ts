/**
 * The background's heart: it joins tabs to rooms, owns their relay connections, relays between
 * the tab's content script and the relay, and answers the popup.
 * @module
 */
import * as v from 'valibot';
import { browser, type Browser } from 'wxt/browser';
import { inviteLink, parseInviteInput } from '../../shared/invite-key';
import {
  CHAT_HISTORY,
  type ChatMessage,
  type Knock,
  type MemberInfo,
  type PlayerSnapshot,
  type RoomState,
} from '../../shared/protocol';
import { youtubeIdFromUrl } from '../../shared/youtube-id';
import {
  IdentityRefusedError,
  currentSession,
  identityRefusal,
  renewSession,
  restoreIdentity,
  startOver,
  visit,
  withSession,
} from './identity';
import {
  PopupRequestSchema,
  type PopupRequest,
  type PopupResponses,
  type PopupStatus,
  type SavedVideo,
} from '../common/popup-messages';
import { lookupInvite } from '../common/relay-api';
import { addToLibrary, saveVideo } from '../common/relay-library-api';
import { RelayError, describeError } from '../common/relay-error';
import { normaliseRelayUrl, relaySocketUrl } from '../common/relay-url';
import { RoomConnection } from './room-connection';
import {
  getNickname,
  getRelayUrl,
  onNicknameChanged,
  setNickname,
  setRelayUrl,
} from '../common/settings';
import {
  TAB_PORT_NAME,
  TabSnapshotSchema,
  TabToBackgroundSchema,
  type BackgroundToTab,
  type ConnectionStatus,
  type RoomInfo,
  type TabToBackground,
} from '../common/tab-messages';
import { deleteTabRoom, getTabRoom, setTabRoom, type TabRoom } from './tab-rooms';
import { isYouTubeUrl, watchUrl } from './youtube-tab';

const NO_ROOM = 'No room with that invite key. Check the key and try again.';

/** How long a tab following its room to the next video may take to come back before it is let go. */
const FOLLOW_TIMEOUT_MS = 20_000;

interface LiveRoom {
  connection: RoomConnection;
  key: string;
  /** What the tab should show; a playlist room's moves change it. */
  info: RoomInfo;
  /** The tab is loading the room's next video: its page going away must not end the session. */
  following: boolean;
  memberId: string | null;
  state: RoomState | null;
  members: MemberInfo[];
  /** Members the relay left out of `members` to fit one frame. */
  unlisted: number;
  hostOnly: boolean;
  letInOnly: boolean;
  /** Who is waiting to be let in (shown to the host only). */
  knocks: Knock[];
  /** Recent chat, so a reloaded page shows it again. */
  chat: ChatMessage[];
  status: ConnectionStatus;
  message?: string;
}

const ports = new Map<number, Browser.runtime.Port>();
const live = new Map<number, LiveRoom>();
/** Errors from the latest popup visit, shown until the next one. */
let relayError: string | null = null;

function post(tabId: number, message: BackgroundToTab): void {
  ports.get(tabId)?.postMessage(message);
}

// ---------- tabs and their rooms ----------

/** Connects a tab that is in a room and showing its video, or brings it up to date if it is. */
async function ensureConnected(tabId: number, room: TabRoom): Promise<void> {
  const existing = live.get(tabId);
  if (existing?.key === room.info.key) {
    // A page that reconnected its port: tell it where the room is (the welcome will, if pending).
    existing.following = false;
    existing.info = room.info;
    post(tabId, { type: 'status', status: existing.status, message: existing.message });
    if (existing.memberId !== null && existing.state) {
      post(tabId, { type: 'room', room: room.info, memberId: existing.memberId });
      post(tabId, {
        type: 'members',
        members: existing.members,
        hostOnly: existing.hostOnly,
        unlisted: existing.unlisted,
        letInOnly: existing.letInOnly,
      });
      post(tabId, { type: 'knocks', knocks: existing.knocks });
      post(tabId, { type: 'history', messages: existing.chat });
      post(tabId, {
        type: 'state',
        state: existing.state,
        by: null,
        clockOffset: existing.connection.clockOffset,
      });
    }
    return;
  }
  existing?.connection.close();
  const relayUrl = await getRelayUrl();
  // A page session in a room is a visit: rotate the identity token (failures show on the socket).
  visit(relayUrl).catch(() => {});
  // The room exists after the first welcome: a rejoin must not offer the creator's old player.
  let offerInitial = room.initial !== undefined;
  const entry: LiveRoom = {
    key: room.info.key,
    info: room.info,
    memberId: null,
    state: null,
    members: [],
    unlisted: 0,
    hostOnly: false,
    letInOnly: false,
    knocks: [],
    chat: [],
    status: 'connecting',
    following: false,
    connection: new RoomConnection({
      relayUrl,
      socketUrl: relaySocketUrl(relayUrl),
      key: room.info.key,
      initial: room.initial,
      hello: async () => ({
        name: await getNickname(),
        session: await currentSession(relayUrl).catch(() => undefined),
      }),
      events: {
        welcome(frame) {
          entry.memberId = frame.memberId;
          entry.state = frame.state;
          if (offerInitial) {
            offerInitial = false;
            void setTabRoom(tabId, { info: entry.info });
          }
          if (frame.state.videoId !== entry.info.youtubeId) {
            void follow(tabId, entry, frame.state);
            return;
          }
          post(tabId, { type: 'room', room: entry.info, memberId: frame.memberId });
          post(tabId, {
            type: 'state',
            state: frame.state,
            by: null,
            clockOffset: entry.connection.clockOffset,
          });
        },
        state(state, by) {
          const moved = entry.state !== null && state.videoId !== entry.state.videoId;
          entry.state = state;
          if (moved) void follow(tabId, entry, state);
          else post(tabId, { type: 'state', state, by, clockOffset: entry.connection.clockOffset });
        },
        members(members, { hostOnly, letInOnly }, unlisted) {
          entry.members = members;
          entry.hostOnly = hostOnly;
          entry.letInOnly = letInOnly;
          entry.unlisted = unlisted;
          post(tabId, { type: 'members', members, hostOnly, unlisted, letInOnly });
        },
        knocks(knocks) {
          entry.knocks = knocks;
          post(tabId, { type: 'knocks', knocks });
        },
        history(messages) {
          entry.chat = messages.slice(-CHAT_HISTORY);
          post(tabId, { type: 'history', messages });
        },
        message(message) {
          entry.chat = [...entry.chat, message].slice(-CHAT_HISTORY);
          post(tabId, { type: 'message', message });
        },
        reaction(reaction) {
          post(tabId, { type: 'reaction', ...reaction });
        },
        notice(code, message) {
          post(tabId, { type: 'notice', code, message });
        },
        clock(clockOffset) {
          post(tabId, { type: 'clock', clockOffset });
        },
        status(status, message) {
          entry.status = status;
          entry.message = message;
          post(tabId, { type: 'status', status, message });
        },
        fatal(message) {
          void leave(tabId, message);
        },
      },
    }),
  };
  live.set(tabId, entry);
  entry.connection.start();
}

/**
 * A playlist room moved to another video: load it in the tab, keeping the room's connection (and
 * so the membership the room's load hold waits for) while the page reloads.
 */
async function follow(tabId: number, entry: LiveRoom, state: RoomState): Promise<void> {
  const room = await getTabRoom(tabId);
  if (!room || live.get(tabId) !== entry) return;
  const playlist = room.info.playlist;
  const title =
    (state.item !== null ? playlist?.items[state.item]?.title : undefined) ??
    playlist?.items.find((item) => item.youtubeId === state.videoId)?.title ??
    playlist?.title ??
    room.info.title;
  const info = { ...room.info, youtubeId: state.videoId, title };
  entry.info = info;
  entry.following = true;
  await setTabRoom(tabId, { info });
  await browser.tabs.update(tabId, { url: watchUrl(state.videoId) }).catch(() => leave(tabId));
  // A page that never comes back (the user went elsewhere, the renderer crashed) must not stay
  // a member every hold waits for.
  setTimeout(() => {
    if (live.get(tabId) !== entry || !entry.following) return;
    entry.connection.close();
    live.delete(tabId);
  }, FOLLOW_TIMEOUT_MS);
  // The queue may have changed since it was read: read it again for the page about to load.
  const relayUrl = await getRelayUrl();
  const fresh = await lookupInvite(relayUrl, room.info.key).catch(() => null);
  const current = await getTabRoom(tabId);
  if (fresh?.kind === 'playlist' && current?.info.key === room.info.key) {
    const refreshed = { ...current.info, playlist: { title: fresh.title, items: fresh.items } };
    if (live.get(tabId) === entry) entry.info = refreshed;
    await setTabRoom(tabId, { info: refreshed });
  }
}

async function leave(tabId: number, message?: string): Promise<void> {
  live.get(tabId)?.connection.close();
  live.delete(tabId);
  await deleteTabRoom(tabId);
  post(tabId, { type: 'left', message });
}

async function onPageMessage(
  tabId: number,
  message: Extract<TabToBackground, { type: 'page' }>,
): Promise<void> {
  const room = await getTabRoom(tabId);
  if (!room) return;
  if (room.info.youtubeId === message.youtubeId) {
    await ensureConnected(tabId, room);
    return;
  }
  // On another video (YouTube navigates in place): step out of the room, but remember it, so
  // going back rejoins; the popup still offers Leave room.
  live.get(tabId)?.connection.close();
  live.delete(tabId);
  post(tabId, {
    type: 'left',
    message: `You left the room's video. Go back to “${room.info.title}” to watch together again.`,
  });
}

function onTabMessage(tabId: number, raw: unknown): void {
  const parsed = v.safeParse(TabToBackgroundSchema, raw);
  if (!parsed.success) return;
  const message = parsed.output;
  switch (message.type) {
    case 'page':
      void onPageMessage(tabId, message);
      break;
    case 'join':
      void joinInTab(message.inviteKey, tabId).catch((error: unknown) =>
        post(tabId, { type: 'left', message: describeError(error) }),
      );
      break;
    case 'control':
    case 'ready':
    case 'stall':
    case 'nowait':
    case 'queue':
    case 'report': {
      const room = live.get(tabId);
      const sent = room?.connection.sendRoomFrame(
        message.type === 'report' ? { ...message, rtt: room.connection.rtt } : message,
      );
      if (!sent && message.type === 'control')
        post(tabId, {
          type: 'status',
          status: room?.status ?? 'error',
          message: room?.message ?? 'Not connected to the room: your change was not shared.',
        });
      break;
    }
    case 'leave':
      void leave(tabId);
      break;
    case 'chat':
    case 'react':
    case 'host_only':
    case 'hand_host':
    case 'remove':
    case 'let_in_only':
    case 'let_in':
    case 'deny': {
      const room = live.get(tabId);
      if (!room?.connection.sendRoomFrame(message))
        post(tabId, {
          type: 'status',
          status: room?.status ?? 'error',
          message: room?.message ?? 'Not connected to the room: try again in a moment.',
        });
      break;
    }
    case 'rename':
      // Kept for later rooms; the change listener tells every room this browser is in.
      void setNickname(message.name);
      break;
  }
}

/**
 * Joins `tabId` (or a new tab) to the room behind an invite key; navigates it if needed.
 * `initial` is offered as the room's player if the room does not exist yet.
 */
async function joinInTab(
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
  if (live.get(target)?.key !== key) await leave(target);
  const room: TabRoom = initial ? { info, initial } : { info };
  await setTabRoom(target, room);
  if (reuse && youtubeIdFromUrl(tab?.url) === first.youtubeId && ports.has(target))
    await ensureConnected(target, room);
  else await browser.tabs.update(target, { url: watchUrl(first.youtubeId) });
  return target;
}

/** The video a YouTube tab shows, as its content script reads it (null snapshot: no script). */
async function tabVideo(tabId: number) {
  const tab = await browser.tabs.get(tabId);
  const youtubeId = youtubeIdFromUrl(tab.url);
  if (!youtubeId) throw new RelayError('invalid', 'Open a YouTube video to start a room.');
  const raw: unknown = await browser.tabs
    .sendMessage(tabId, { type: 'get-snapshot' })
    .catch(() => null);
  const parsed = v.safeParse(TabSnapshotSchema, raw);
  const snapshot = parsed.success && ports.has(tabId) ? parsed.output : null;
  const title =
    snapshot?.title ?? tab.title?.replace(/ - YouTube$/, '').slice(0, 200) ?? 'YouTube video';
  return {
    snapshot,
    video: {
      youtubeId,
      title: title.trim() || 'YouTube video',
      channel: snapshot?.channel ?? null,
    },
  };
}

/** Saves the video in a YouTube tab to the library, without starting a room. */
async function saveTabVideo(tabId: number): Promise<SavedVideo> {
  const { video } = await tabVideo(tabId);
  const relayUrl = await getRelayUrl();
  return withSession(relayUrl, (session) => addToLibrary(relayUrl, session, video));
}

async function startRoom(tabId: number): Promise<void> {
  const { snapshot, video: found } = await tabVideo(tabId);
  if (!snapshot)
    throw new RelayError(
      'invalid',
      'We Watch is not running in this tab yet: reload the page, then try again.',
    );
  const youtubeId = found.youtubeId;
  const relayUrl = await getRelayUrl();
  const video = await withSession(relayUrl, (session) => saveVideo(relayUrl, session, found));
  const info = {
    key: video.inviteKey,
    youtubeId,
    title: video.title,
    link: inviteLink(youtubeId, video.inviteKey),
  };
  if (live.get(tabId)?.key !== info.key) await leave(tabId);
  const room: TabRoom = { info, initial: snapshot.player ?? undefined };
  await setTabRoom(tabId, room);
  await ensureConnected(tabId, room);
}

// ---------- the popup ----------

async function status(tabId: number | null): Promise<PopupStatus> {
  const tab = tabId === null ? null : await browser.tabs.get(tabId).catch(() => null);
  const room = tabId === null ? undefined : await getTabRoom(tabId);
  const connection = tabId === null ? undefined : live.get(tabId);
  const relayUrl = await getRelayUrl();
  return {
    relayUrl,
    relayError,
    identity: await identityRefusal(relayUrl),
    tab:
      tab?.id === undefined
        ? null
        : { id: tab.id, youtubeId: youtubeIdFromUrl(tab.url), isYouTube: isYouTubeUrl(tab.url) },
    room: room
      ? {
          info: room.info,
          status:
            connection?.status ?? (tabId !== null && ports.has(tabId) ? 'away' : 'connecting'),
          ...(connection?.message ? { message: connection.message } : {}),
        }
      : null,
  };
}

async function answer(request: PopupRequest): Promise<PopupResponses[PopupRequest['method']]> {
  try {
    switch (request.method) {
      case 'visit':
        try {
          await visit(await getRelayUrl());
          relayError = null;
        } catch (error) {
          // A refused identity is shown with what the user can do about it (`status().identity`).
          relayError = error instanceof IdentityRefusedError ? null : describeError(error);
        }
        return { ok: true, value: await status(request.tabId) };
      case 'status':
        return { ok: true, value: await status(request.tabId) };
      case 'startRoom':
        await startRoom(request.tabId);
        return { ok: true, value: await status(request.tabId) };
      case 'joinRoom': {
        const key = parseInviteInput(request.input);
        if (!key) return { ok: false, error: NO_ROOM };
        const tabId = await joinInTab(key, request.tabId);
        return { ok: true, value: await status(tabId) };
      }
      case 'leaveRoom':
        await leave(request.tabId);
        return { ok: true, value: await status(request.tabId) };
      case 'setRelayUrl': {
        const url = normaliseRelayUrl(request.url);
        if (!url)
          return { ok: false, error: 'Enter a server address such as http://localhost:8787.' };
        await setRelayUrl(url);
        return answer({ method: 'visit', tabId: null });
      }
      // The popup calls the library API itself with a session from here: the background stays
      // the one context that spends the identity token (it rotates on every visit, and two
      // spenders would race), while the popup keeps typed answers and big imports off messaging.
      case 'session': {
        const relayUrl = await getRelayUrl();
        const session = request.renew
          ? await renewSession(relayUrl, request.renew)
          : await currentSession(relayUrl);
        return { ok: true, value: { relayUrl, session } };
      }
      case 'startOver':
        await startOver(await getRelayUrl());
        relayError = null;
        return { ok: true, value: await status(request.tabId) };
      case 'restoreIdentity':
        await restoreIdentity(await getRelayUrl(), request.recovery);
        relayError = null;
        return { ok: true, value: await status(request.tabId) };
      case 'saveVideo':
        return { ok: true, value: await saveTabVideo(request.tabId) };
      case 'openRoom': {
        // A fresh room starts playing from the top; an existing one keeps its own timeline.
        const tabId = await joinInTab(request.key, null, { playing: true, position: 0, rate: 1 });
        return { ok: true, value: { tabId } };
      }
    }
  } catch (error) {
    if (error instanceof RelayError && error.kind === 'not_found' && request.method === 'joinRoom')
      return { ok: false, error: NO_ROOM };
    return {
      ok: false,
      error: describeError(error),
      ...(error instanceof RelayError ? { kind: error.kind } : {}),
    };
  }
}

/** Registers every listener; called synchronously when the service worker starts. */
export function startRoomService(): void {
  browser.runtime.onConnect.addListener((port) => {
    const tabId = port.sender?.tab?.id;
    if (port.name !== TAB_PORT_NAME || tabId === undefined) return;
    ports.get(tabId)?.disconnect();
    ports.set(tabId, port);
    port.onMessage.addListener((message: unknown) => onTabMessage(tabId, message));
    port.onDisconnect.addListener(() => {
      if (ports.get(tabId) !== port) return;
      ports.delete(tabId);
      // Loading the room's next video: the new page picks the connection up.
      if (live.get(tabId)?.following) return;
      // The page is gone or reloading; the room stays remembered so a reload rejoins it.
      live.get(tabId)?.connection.close();
      live.delete(tabId);
    });
  });

  // The runtime behind `wxt/browser` is webextension-polyfill (the WXT module), which answers
  // with a returned promise's value; WXT's Chrome-based types only know `sendResponse`.
  // eslint-disable-next-line @typescript-eslint/no-misused-promises
  browser.runtime.onMessage.addListener((raw: unknown, sender: Browser.runtime.MessageSender) => {
    // Only the extension's own pages may drive it; content scripts have their port.
    if (sender.id !== browser.runtime.id || !sender.url?.startsWith(browser.runtime.getURL('/')))
      return undefined;
    const parsed = v.safeParse(PopupRequestSchema, raw);
    if (!parsed.success) return undefined;
    return answer(parsed.output);
  });

  browser.tabs.onRemoved.addListener((tabId) => void leave(tabId));

  onNicknameChanged((name) => {
    for (const room of live.values()) room.connection.sendRoomFrame({ type: 'rename', name });
  });
}
