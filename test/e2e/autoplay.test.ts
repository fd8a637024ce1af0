/**
 * A browser that refuses to start playback without a click on the page (no autoplay flag here):
 * joining a playing room shows "Click to sync" instead of failing silently, and one click lands
 * the member in sync. The joiner's tab is opened by the extension and read only through
 * evaluations that are not user gestures and its accessibility tree, so nothing but the click can
 * unlock playback.
 * @module
 */
import type { CDPSession, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { overlay } from './support/overlay-driver';
import { positionGap, sampleVideo } from './support/player-probe';
import { startRoomSession, type RoomSession } from './support/room-session';

const VIDEO = 'aaaaaaaaaa1';
const MEDIA = { timeout: 10_000, interval: 100 };

/** Reads the page without granting it user activation (Playwright's evaluate would). */
async function readWithoutGesture<T>(cdp: CDPSession, expression: string): Promise<T> {
  const { result } = (await cdp.send('Runtime.evaluate', {
    expression,
    returnByValue: true,
    userGesture: false,
  })) as { result: { value: T } };
  return result.value;
}

const VIDEO_PAUSED = "document.querySelector('video')?.paused ?? true";

describe('autoplay refused', () => {
  let session: RoomSession;
  let ana: Page;
  let cy: Page;
  let cdp: CDPSession;

  beforeAll(async () => {
    session = await startRoomSession(inject('redisUrl'), ['ana', { name: 'cy', autoplay: false }]);
    const [anaPeer, cyPeer] = session.peers;
    ana = await anaPeer!.openYouTube(`/watch?v=${VIDEO}`, { tab: anaPeer!.youtubeTab });
    await ana.evaluate(() => document.querySelector('video')!.play());
    const key = await session.startRoom(anaPeer!, ana);
    // Cy joins from a tab that is not YouTube: the extension opens the video in a new tab.
    const start = cyPeer!.youtubeTab!;
    await start.goto('about:blank');
    const opened = cyPeer!.context.waitForEvent('page');
    await session.withPopup(cyPeer!, start, async (popup) => {
      await popup.fill('Invite key', key);
      await popup.click('button', 'Join');
    });
    cy = await opened;
    cdp = await cyPeer!.context.newCDPSession(cy);
  });

  afterAll(async () => {
    await session?.close();
  });

  it('asks for one click, and that click brings the member into sync', async () => {
    // The overlay is read through the accessibility tree, which grants no user activation.
    await expect.poll(() => overlay(cy).text(), MEDIA).toContain('Click to sync');
    expect(await readWithoutGesture<boolean>(cdp, VIDEO_PAUSED)).toBe(true);
    // A real click (trusted mouse input at the button, as a person's is).
    await overlay(cy).click({ role: 'button', name: 'Click to sync' });
    await expect.poll(async () => (await sampleVideo(cy)).paused, MEDIA).toBe(false);
    await expect.poll(async () => Math.abs(await positionGap(ana, cy)), MEDIA).toBeLessThan(0.15);
    expect(await overlay(cy).text()).not.toContain('Click to sync');
  });
});
