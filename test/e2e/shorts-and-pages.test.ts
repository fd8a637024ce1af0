/**
 * Pages that are not a watch page, through the real toolbar popup: on a Short, one click opens it
 * as a video and starts the room there; on YouTube's home page and search results the popup says
 * what to do; the mobile site (m.youtube.com) is left alone, and the popup says how to get the
 * desktop one. The built manifest keeps the content scripts off the mobile site.
 * @module
 */
import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, beforeEach, describe, expect, inject, it } from 'vitest';
import type { Peer } from './support/browser';
import { OVERLAY_HOST } from './support/overlay-driver';
import { readOverlay, sampleVideo } from './support/player-probe';
import { EXTENSION, startRoomSession, type RoomSession } from './support/room-session';

const SHORT = 'ccccccccc03';
const MEDIA = { timeout: 10_000, interval: 50 };

describe('Shorts, home, search and the mobile site', () => {
  let session: RoomSession;
  let ana: Peer;
  let tab: Page;

  beforeAll(async () => {
    session = await startRoomSession(inject('redisUrl'), ['ana']);
    ana = session.peers[0]!;
    tab = ana.youtubeTab!;
  });

  afterAll(async () => {
    await session?.close();
  });

  beforeEach(({ onTestFailed }) => {
    onTestFailed(() => console.log(`ana logs:\n${ana.logs.join('\n')}`));
  });

  it('builds content scripts for the desktop site only', async () => {
    const manifest = JSON.parse(await readFile(resolve(EXTENSION, 'manifest.json'), 'utf8')) as {
      content_scripts: Array<{ matches: string[]; exclude_matches?: string[] }>;
    };
    expect(manifest.content_scripts.length).toBeGreaterThan(0);
    for (const script of manifest.content_scripts) {
      expect(script.matches).toEqual(['*://*.youtube.com/*']);
      expect(script.exclude_matches).toEqual(['*://m.youtube.com/*']);
    }
  });

  it('says on the home page to pick a video', async () => {
    await tab.goto('https://www.youtube.com/');
    await session.withPopup(ana, tab, async (popup) => {
      expect(await popup.isDisabled('button', 'Start room')).toBe(true);
      await popup.waitForText('Pick a video on this page. Once it plays, Start room invites');
    });
  });

  it('says on search results to open one of them', async () => {
    await tab.goto('https://www.youtube.com/results?search_query=sync+pattern');
    expect(
      await tab.evaluate(() =>
        [...document.querySelectorAll('ytd-search ytd-video-renderer a#video-title')].map(
          (link) => link.textContent,
        ),
      ),
    ).toEqual(['Sync Test Pattern A', 'Sync Test Pattern B']);
    await session.withPopup(ana, tab, async (popup) => {
      expect(await popup.isDisabled('button', 'Start room')).toBe(true);
      await popup.waitForText('Open one of these results. Once it plays, Start room invites');
    });
  });

  it('leaves the mobile site alone and says how to get the desktop one', async () => {
    await tab.goto(`https://m.youtube.com/watch?v=${SHORT}`);
    await tab.waitForSelector('video', { state: 'attached' });
    await session.withPopup(ana, tab, async (popup) => {
      expect(await popup.isDisabled('button', 'Start room')).toBe(true);
      await popup.waitForText("We Watch runs on YouTube's desktop site, not the mobile one.");
      await popup.waitForText('in Firefox for Android: menu, then Desktop site');
    });
    // No content script: none of its overlay host is on the page.
    expect(await tab.evaluate((host) => document.querySelector(host), OVERLAY_HOST)).toBeNull();
  });

  it('opens a Short as a video and starts the room there, in one click', async () => {
    await tab.goto(`https://www.youtube.com/shorts/${SHORT}`);
    // YouTube's Shorts player: its own <video>, no watch player.
    await expect
      .poll(
        () =>
          tab.evaluate(() => {
            const video = document.querySelector<HTMLVideoElement>(
              'ytd-shorts ytd-reel-video-renderer video',
            );
            return video !== null && !video.paused && !document.querySelector('#movie_player');
          }),
        MEDIA,
      )
      .toBe(true);
    expect(await tab.evaluate((host) => document.querySelector(host) !== null, OVERLAY_HOST)).toBe(
      true,
    );
    const started = Date.now();
    await session.withPopup(ana, tab, async (popup) => {
      await popup.waitForText("Shorts play in their own player, which can't be kept in sync");
      expect(await popup.isDisabled('button', 'Save')).toBe(true);
      await popup.click('button', 'Open as a video and start room');
      // The popup closes as its tab navigates; the room starts all the same.
    });
    await expect.poll(() => tab.url(), MEDIA).toBe(`https://www.youtube.com/watch?v=${SHORT}`);
    await expect.poll(async () => (await readOverlay(tab))?.key ?? null, MEDIA).not.toBeNull();
    console.log(`Short → watch page → room started in ${Date.now() - started} ms`);
    const key = await session.withPopup(ana, tab, async (popup) => {
      await popup.waitForText(/In a room watching\s*.?Short Clip C/);
      return popup.valueOf('textbox', 'Room invite key');
    });
    expect(key).toMatch(/^[a-z2-7]{26}$/);
    expect((await readOverlay(tab))?.key).toBe(key);
    await expect.poll(async () => (await sampleVideo(tab)).paused, MEDIA).toBe(false);
    expect(await session.roomRev(key)).toBeGreaterThanOrEqual(1);
  });
});
