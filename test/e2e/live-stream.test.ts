/**
 * Live streams: the fake youtube.com's live stream (Media Source Extensions with an infinite
 * duration and a seekable window that grows with the live edge, `ytp-live` on the player) gets
 * no room. Start room in the toolbar popup says why and makes none, and a saved video that is
 * live, opened as a room from the library, leaves it again with the reason on the page.
 * @module
 */
import Redis from 'ioredis';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { Peer } from './support/browser';
import { readOverlay } from './support/player-probe';
import { startRoomSession, type RoomSession } from './support/room-session';

const LIVE = 'livelivel07';
const WAIT = { timeout: 15_000, interval: 100 };

describe('live streams', () => {
  let session: RoomSession;
  let redis: Redis;
  let ana: Peer;
  let tab: Page;

  /** Every room the relay holds, whatever its key. */
  const rooms = async () => (await redis.keys(`${session.relay.keyPrefix}room:*:state`)).length;

  beforeAll(async () => {
    session = await startRoomSession(inject('redisUrl'), ['ana']);
    redis = new Redis(inject('redisUrl'));
    ana = session.peers[0]!;
    tab = await ana.openYouTube(`/watch?v=${LIVE}`, { tab: ana.youtubeTab });
  });

  afterAll(async () => {
    redis?.disconnect();
    await session?.close();
  });

  it('plays like a YouTube live stream: marked live, no end, a growing seekable window', async () => {
    const read = () =>
      tab.evaluate(() => {
        const video = document.querySelector<HTMLVideoElement>('#movie_player video')!;
        const player = document.getElementById('movie_player') as HTMLElement & {
          getVideoData(): { isLive: boolean };
        };
        return {
          live: player.classList.contains('ytp-live'),
          badge: document.querySelector('.ytp-live-badge')?.textContent ?? null,
          isLive: player.getVideoData().isLive,
          duration: String(video.duration),
          src: video.src.slice(0, 5),
          seekableEnd: video.seekable.length ? video.seekable.end(0) : 0,
          time: video.currentTime,
          behind: window.fakeYouTube.behindLiveEdge(),
        };
      });
    await expect.poll(async () => (await read()).time, WAIT).toBeGreaterThan(0);
    const first = await read();
    await new Promise((resolve) => setTimeout(resolve, 2500));
    const later = await read();
    console.log(
      `live stream: ${first.behind.toFixed(2)} s behind the edge, seekable to ` +
        `${first.seekableEnd.toFixed(1)} s, then ${later.seekableEnd.toFixed(1)} s`,
    );
    expect(first).toMatchObject({ live: true, badge: 'Live', isLive: true, duration: 'Infinity' });
    expect(first.src).toBe('blob:');
    expect(later.seekableEnd).toBeGreaterThan(first.seekableEnd + 1);
    expect(later.time).toBeGreaterThan(first.time + 1);
  });

  it('says so in the popup and makes no room when Start room is pressed', async () => {
    const text = await session.withPopup(ana, tab, async (popup) => {
      await popup.click('button', 'Start room');
      return popup.waitForText(/live stream/);
    });
    console.log(`popup: ${text.replace(/\s+/g, ' ').trim()}`);
    expect(text).toMatch(/not on live streams, so it did not start a room/);
    expect(text).not.toMatch(/In a room watching/);
    expect(await rooms()).toBe(0);
    expect(await readOverlay(tab)).toBeNull();
  });

  it('leaves a room from the library whose saved video is live, saying why', async () => {
    await session.withPopup(ana, tab, async (popup) => {
      await popup.click('button', 'Save');
      await popup.waitForText('Saved to your library');
    });
    const opened = ana.context.waitForEvent('page');
    await session.withPopup(ana, tab, async (popup) => {
      await popup.click('tab', 'Library');
      await popup.click('button', 'Start room', {
        within: { role: 'listitem', name: 'Live Now G' },
      });
    });
    const roomTab = await opened;
    await expect.poll(() => roomTab.url(), WAIT).toContain(`/watch?v=${LIVE}`);
    await expect
      .poll(async () => (await readOverlay(roomTab))?.text ?? '', WAIT)
      .toMatch(/“Live Now G” is a live stream/);
    console.log(`overlay: ${(await readOverlay(roomTab))?.text.replace(/\s+/g, ' ')}`);
    await session.withPopup(ana, roomTab, async (popup) => {
      expect(await popup.text()).not.toMatch(/In a room watching/);
    });
    // The page said it was live as it loaded: the tab never went to the relay.
    expect(await rooms()).toBe(0);
  });
});
