/**
 * The background's answers to the popup: one handler per request of `popup-messages.ts`.
 * @module
 */
import { browser } from 'wxt/browser';
import { parseInviteInput } from '../../shared/invite-key';
import { youtubeIdFromUrl } from '../../shared/youtube-id';
import type {
  PopupMethod,
  PopupRequest,
  PopupResponses,
  PopupStatus,
} from '../common/popup-messages';
import { RelayError, describeError } from '../common/relay-error';
import { normaliseRelayUrl } from '../common/relay-url';
import { getRelayUrl, setRelayUrl } from '../common/settings';
import { IdentityRefusedError, identityRefusal } from './identity';
import { joinInTab, startRoom } from './room-joining';
import type { RoomTabs } from './room-tabs';
import { saveTabVideo } from './tab-video';
import { isYouTubeUrl } from './youtube-tab';
import { youtubePage } from '../common/youtube-page-kind';
import { openShortAsVideo } from './open-short';

const NO_ROOM = 'No room with that invite key. Check the key and try again.';

export interface PopupContext {
  readonly tabs: RoomTabs;
  /** Errors from the latest popup visit, shown until the next one. */
  relayError: string | null;
}

type PopupHandlers = {
  [M in PopupMethod]: (
    request: Extract<PopupRequest, { method: M }>,
    context: PopupContext,
  ) => Promise<PopupResponses[M]>;
};

async function status(context: PopupContext, tabId: number | null): Promise<PopupStatus> {
  const { tabs } = context;
  const tab = tabId === null ? null : await browser.tabs.get(tabId).catch(() => null);
  const room = tabId === null ? undefined : await tabs.store.get(tabId);
  const session = tabId === null ? undefined : tabs.session(tabId);
  const relayUrl = await getRelayUrl();
  return {
    relayUrl,
    relayError: context.relayError,
    identity: await identityRefusal(relayUrl),
    tab:
      tab?.id === undefined
        ? null
        : {
            id: tab.id,
            youtubeId: youtubeIdFromUrl(tab.url),
            isYouTube: isYouTubeUrl(tab.url),
            page: youtubePage(tab.url).kind,
            shortId: shortOf(tab.url),
          },
    room: room
      ? {
          info: room.info,
          status:
            session?.status ?? (tabId !== null && tabs.hasPage(tabId) ? 'away' : 'connecting'),
          ...(session?.message ? { message: session.message } : {}),
        }
      : null,
  };
}

function shortOf(url: string | undefined): string | null {
  const page = youtubePage(url);
  return page.kind === 'shorts' ? page.youtubeId : null;
}

export const popupHandlers: PopupHandlers = {
  async visit({ tabId }, context) {
    try {
      await context.tabs.identity.visit(await getRelayUrl());
      context.relayError = null;
    } catch (error) {
      // A refused identity is shown with what the user can do about it (`status().identity`).
      context.relayError = error instanceof IdentityRefusedError ? null : describeError(error);
    }
    return { ok: true, value: await status(context, tabId) };
  },
  async status({ tabId }, context) {
    return { ok: true, value: await status(context, tabId) };
  },
  async startRoom({ tabId }, context) {
    // On a Short the popup offers "Open as a video and start room": both, in that order. The
    // popup closes as its tab navigates, so the page's overlay is where a failure is told.
    const short = shortOf((await browser.tabs.get(tabId)).url);
    if (short) {
      await openShortAsVideo(context.tabs, tabId, short);
      await startRoom(context.tabs, tabId).catch((error: unknown) => {
        context.tabs.post(tabId, { type: 'left', message: describeError(error) });
        throw error;
      });
    } else await startRoom(context.tabs, tabId);
    return { ok: true, value: await status(context, tabId) };
  },
  async joinRoom(request, context) {
    const key = parseInviteInput(request.input);
    if (!key) return { ok: false, error: NO_ROOM };
    try {
      const tabId = await joinInTab(context.tabs, key, request.tabId);
      return { ok: true, value: await status(context, tabId) };
    } catch (error) {
      if (error instanceof RelayError && error.kind === 'not_found')
        return { ok: false, error: NO_ROOM };
      throw error;
    }
  },
  async leaveRoom({ tabId }, context) {
    await context.tabs.leave(tabId);
    return { ok: true, value: await status(context, tabId) };
  },
  async setRelayUrl(request, context) {
    const url = normaliseRelayUrl(request.url);
    if (!url) return { ok: false, error: 'Enter a server address such as http://localhost:8787.' };
    await setRelayUrl(url);
    return popupHandlers.visit({ method: 'visit', tabId: null }, context);
  },
  // The popup calls the library API itself with a session from here: the background stays the
  // one context that spends the identity token (it rotates on every visit, and two spenders
  // would race), while the popup keeps typed answers and big imports off messaging.
  async session(request, { tabs }) {
    const relayUrl = await getRelayUrl();
    const session = request.renew
      ? await tabs.identity.renewSession(relayUrl, request.renew)
      : await tabs.identity.currentSession(relayUrl);
    return { ok: true, value: { relayUrl, session } };
  },
  async startOver({ tabId }, context) {
    await context.tabs.identity.startOver(await getRelayUrl());
    context.relayError = null;
    return { ok: true, value: await status(context, tabId) };
  },
  async restoreIdentity(request, context) {
    await context.tabs.identity.restoreIdentity(await getRelayUrl(), request.recovery);
    context.relayError = null;
    return { ok: true, value: await status(context, request.tabId) };
  },
  async saveVideo({ tabId }, context) {
    return { ok: true, value: await saveTabVideo(tabId, context.tabs) };
  },
  async openRoom({ key }, context) {
    // A fresh room starts playing from the top; an existing one keeps its own timeline.
    const tabId = await joinInTab(context.tabs, key, null, { playing: true, position: 0, rate: 1 });
    return { ok: true, value: { tabId } };
  },
};

/** Runs the request's handler; anything thrown becomes an answer the popup can show. */
export async function answerPopup(
  request: PopupRequest,
  context: PopupContext,
): Promise<PopupResponses[PopupMethod]> {
  // TypeScript cannot pair a union's member with its own handler: the table's type does that.
  const handler = popupHandlers[request.method] as (
    request: PopupRequest,
    context: PopupContext,
  ) => Promise<PopupResponses[PopupMethod]>;
  try {
    return await handler(request, context);
  } catch (error) {
    return {
      ok: false,
      error: describeError(error),
      ...(error instanceof RelayError ? { kind: error.kind } : {}),
    };
  }
}
