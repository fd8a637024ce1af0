/**
 * Everything a browser test of a room needs: the fake youtube.com, a real relay on the run's
 * Redis, peers pointed at it through the popup's settings, and the popup actions users take.
 * A listener on the room's channel lets tests count every change the room went through.
 * @module
 */
import { createHash } from 'node:crypto';
import { resolve } from 'node:path';
import Redis from 'ioredis';
import type { Page } from 'playwright-core';
import { expect, vi } from 'vitest';
import type { RoomState } from '../../../shared/protocol';
import { launchPeer, type Peer } from './browser';
import { startFakeYouTube, type FakeYouTube } from './fake-youtube';
import { openToolbarPopup, type PopupDriver } from './popup';
import { startTestRelay } from './test-relay';

export const EXTENSION = resolve(import.meta.dirname, '../../../.output/chrome-mv3');

/** A state the relay published, with who caused it. */
export interface PublishedState {
  state: RoomState;
  by: string | null;
}

export interface RoomSession {
  site: FakeYouTube;
  relay: Awaited<ReturnType<typeof startTestRelay>>;
  peers: Peer[];
  /** Runs `use` with the real toolbar popup open in front of `tab`, then closes it. */
  withPopup<T>(peer: Peer, tab: Page, use: (popup: PopupDriver) => Promise<T>): Promise<T>;
  /** Starts a room from the popup on `tab` and returns its invite key. */
  startRoom(peer: Peer, tab: Page): Promise<string>;
  /** Launches one more peer, on a watch page and pointed at the relay like the first ones. */
  addPeer(spec: PeerSpec): Promise<Peer>;
  /** Joins by invite key from the popup on `tab`. */
  join(peer: Peer, tab: Page, key: string): Promise<void>;
  /** The room's `rev` in Redis. */
  roomRev(key: string): Promise<number>;
  /** The ids of the room's members in Redis (a reconnect shows up as a new id). */
  memberIds(key: string): Promise<string[]>;
  /** Every state published for the room since `watch(key)` was called. */
  watch(key: string): Promise<PublishedState[]>;
  close(): Promise<void>;
}

/** A peer by name, optionally launched without autoplay (to see refused playback). */
export type PeerSpec = string | { name: string; autoplay: boolean };

export async function startRoomSession(redisUrl: string, specs: PeerSpec[]): Promise<RoomSession> {
  const [site, relay] = await Promise.all([startFakeYouTube(), startTestRelay(redisUrl)]);
  const redis = new Redis(redisUrl);
  const subscriber = new Redis(redisUrl);
  const launch = (spec: PeerSpec) =>
    launchPeer({
      extensionPath: EXTENSION,
      youtubePort: site.port,
      ...(typeof spec === 'string' ? { name: spec } : spec),
    });
  const peers = await Promise.all(specs.map(launch));
  const rid = (key: string) => createHash('sha256').update(key).digest('hex').slice(0, 32);

  const session: RoomSession = {
    site,
    relay,
    peers,
    async withPopup(peer, tab, use) {
      await tab.bringToFront();
      const popup = await openToolbarPopup(peer, tab);
      try {
        return await use(popup);
      } finally {
        await popup.close();
      }
    },
    startRoom(peer, tab) {
      return session.withPopup(peer, tab, async (popup) => {
        await popup.click('button', 'Start room');
        await popup.waitForText(/In a room watching/);
        return popup.valueOf('textbox', 'Room invite key');
      });
    },
    async addPeer(spec) {
      const peer = await launch(spec);
      peers.push(peer);
      await pointAtRelay(peer);
      return peer;
    },
    async join(peer, tab, key) {
      await session.withPopup(peer, tab, async (popup) => {
        await popup.fill('Invite key', key);
        await popup.click('button', 'Join');
        await vi.waitFor(async () => expect(await popup.text()).toMatch(/In a room watching/));
      });
    },
    async roomRev(key) {
      return Number(await redis.hget(`${relay.keyPrefix}room:{${rid(key)}}:state`, 'rev'));
    },
    async memberIds(key) {
      return (await redis.hkeys(`${relay.keyPrefix}room:{${rid(key)}}:members`)).sort();
    },
    async watch(key) {
      const seen: PublishedState[] = [];
      const channel = `${relay.keyPrefix}room:{${rid(key)}}:bus`;
      subscriber.on('message', (from: string, message: string) => {
        if (from !== channel) return;
        // The channel also carries roster, chat, knock and playlist events: keep the states.
        const event = JSON.parse(message) as { kind: string } & PublishedState;
        if (event.kind === 'state') seen.push({ state: event.state, by: event.by });
      });
      await subscriber.subscribe(channel);
      return seen;
    },
    async close() {
      await Promise.all(peers.map((peer) => peer.close()));
      await relay.close();
      await site.close();
      redis.disconnect();
      subscriber.disconnect();
    },
  };
  async function pointAtRelay(peer: Peer): Promise<void> {
    const tab = await peer.openYouTube('/watch?v=bbbbbbbbbb2');
    await session.withPopup(peer, tab, async (popup) => {
      await popup.fill('Relay URL', relay.url);
      await popup.click('button', 'Save relay URL');
      // Saved once the field shows the stored address again.
      await vi.waitFor(async () =>
        expect(await popup.valueOf('textbox', 'Relay URL')).toBe(relay.url),
      );
      await vi.waitFor(async () =>
        expect(await popup.isDisabled('button', 'Save relay URL')).toBe(true),
      );
    });
  }
  for (const peer of peers) await pointAtRelay(peer);
  return session;
}
