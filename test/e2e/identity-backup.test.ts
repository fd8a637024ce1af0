/**
 * Moving a library to another browser: Back up identity in one browser profile, Restore identity
 * in a second one, through the real toolbar popups, with the built extension, a real relay and
 * Redis. The second profile then shows the first one's library.
 * @module
 */
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { Peer } from './support/browser';
import { startRoomSession, type RoomSession } from './support/room-session';

const WAIT = { timeout: 10_000, interval: 100 };
const savedVideos = { within: { role: 'list', name: 'Saved videos' } };

describe('identity backup and restore', () => {
  let session: RoomSession;
  let ana: Peer;
  let ben: Peer;

  beforeAll(async () => {
    session = await startRoomSession(inject('redisUrl'), ['ana', 'ben']);
    [ana, ben] = session.peers as [Peer, Peer];
  });

  afterAll(async () => {
    await session?.close();
  });

  it("Restore identity in a second profile shows the first one's library", async () => {
    const anaTab = await ana.openYouTube('/watch?v=aaaaaaaaaa1', { tab: ana.youtubeTab });
    const code = await session.withPopup(ana, anaTab, async (popup) => {
      await popup.click('button', 'Save');
      await popup.waitForText('Saved to your library');
      await popup.click('button', 'Back up identity');
      await expect
        .poll(() => popup.valueOf('textbox', 'Your recovery code'), WAIT)
        .toMatch(/^ww1-[A-Za-z0-9_-]{43}$/);
      return popup.valueOf('textbox', 'Your recovery code');
    });

    const benTab = ben.youtubeTab!;
    await session.withPopup(ben, benTab, async (popup) => {
      // Ben's own, empty library first.
      await popup.click('tab', 'Library');
      await popup.waitForText('Your library is empty');
      await popup.click('tab', 'Room');
      await popup.fill('Recovery code', `  ${code} `);
      await popup.click('button', 'Restore identity');
      await popup.click('button', 'Replace identity');
      await popup.waitForText('Identity restored');
      await popup.click('tab', 'Library');
      await expect
        .poll(() => popup.names('listitem', savedVideos), WAIT)
        .toEqual(['Sync Test Pattern A']);
    });

    // The library stays Ana's in a popup opened later, and the code is spent.
    await session.withPopup(ben, benTab, async (popup) => {
      await popup.click('tab', 'Library');
      await expect
        .poll(() => popup.names('listitem', savedVideos), WAIT)
        .toEqual(['Sync Test Pattern A']);
      await popup.click('tab', 'Room');
      await popup.fill('Recovery code', code);
      await popup.click('button', 'Restore identity');
      await popup.click('button', 'Replace identity');
      await popup.waitForText('already used');
    });
  });
});
