/**
 * The video a YouTube tab shows, as its content script reads it, and saving it to the library.
 * @module
 */
import * as v from 'valibot';
import { browser } from 'wxt/browser';
import { youtubeIdFromUrl } from '../../shared/youtube-id';
import type { SavedVideo } from '../common/popup-messages';
import { addToLibrary } from '../common/relay-api';
import { RelayError } from '../common/relay-error';
import { getRelayUrl } from '../common/settings';
import { TabSnapshotSchema, type TabSnapshot } from '../common/tab-messages';
import type { Identity } from './identity';

export interface TabVideo {
  /** Null when no content script answers (the page was loaded before the extension). */
  snapshot: TabSnapshot | null;
  video: { youtubeId: string; title: string; channel: string | null };
}

/** Which tabs have their content script connected: an answer from any other may be stale. */
export interface Pages {
  hasPage(tabId: number): boolean;
}

/** The tabs, and whose library a video is saved to. */
export interface Library extends Pages {
  readonly identity: Identity;
}

export async function tabVideo(tabId: number, pages: Pages): Promise<TabVideo> {
  const tab = await browser.tabs.get(tabId);
  const youtubeId = youtubeIdFromUrl(tab.url);
  if (!youtubeId) throw new RelayError('invalid', 'Open a YouTube video to start a room.');
  const raw: unknown = await browser.tabs
    .sendMessage(tabId, { type: 'get-snapshot' })
    .catch(() => null);
  const parsed = v.safeParse(TabSnapshotSchema, raw);
  const snapshot = parsed.success && pages.hasPage(tabId) ? parsed.output : null;
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
export async function saveTabVideo(tabId: number, tabs: Library): Promise<SavedVideo> {
  const { video } = await tabVideo(tabId, tabs);
  const relayUrl = await getRelayUrl();
  return tabs.identity.withSession(relayUrl, (session) => addToLibrary(relayUrl, session, video));
}
