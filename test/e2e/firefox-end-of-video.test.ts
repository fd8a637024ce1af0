/**
 * The end of a video in a room with a Firefox member: a Chromium peer starts a room on a short
 * video, a real Firefox ESR peer (driven over WebDriver BiDi) joins it by the invite link, the
 * video runs out, and Firefox stops on the last frame with Chromium and stays on the room's video
 * after autoplay's countdown would have taken it to its own Up next.
 * Skipped when `firefox-esr` is not installed.
 * @module
 */
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, beforeEach, describe, expect, inject, it, vi } from 'vitest';
import { inviteLink } from '../../shared/invite-key';
import type { Peer } from './support/browser';
import { firefoxVersion, launchFirefoxPeer, type FirefoxPeer } from './support/firefox';
import { buildFirefoxFor, GECKO_ID } from './support/firefox-build';
import { firefoxOverlay } from './support/firefox-overlay';
import { sampleVideo } from './support/player-probe';
import { startRoomSession, type RoomSession } from './support/room-session';

const SHORT = 'ccccccccc03';
const MEDIA = { timeout: 20_000, interval: 100 };
/** YouTube's countdown (10 s) and a margin: by then autoplay would have moved the page. */
const COUNTDOWN_PASSED_MS = 10_000 + 2500;
/** Two browsers paused on the same frame (25 fps). */
const SAME_FRAME_S = 0.045;

const firefox = firefoxVersion();

/** Firefox's video and end screen, read in the page's own world. */
function foxEnd(fox: FirefoxPeer) {
  return fox.tab.evaluate(() => {
    const player = document.querySelector('#movie_player')!;
    const video = document.querySelector<HTMLVideoElement>('#movie_player video')!;
    return {
      at: Date.now(),
      time: video.currentTime,
      paused: video.paused,
      duration: video.duration,
      href: location.href,
      ended: player.classList.contains('ended-mode'),
      cancelled: player.classList.contains('ytp-autonav-endscreen-cancelled-state'),
      autoplay: player.querySelector('.ytp-autonav-toggle-button')?.getAttribute('aria-checked'),
    };
  });
}

describe.skipIf(!firefox)(`the end of a video with a Firefox member (${firefox})`, () => {
  let session: RoomSession;
  let ana: Peer;
  let anaTab: Page;
  let fox: FirefoxPeer;
  let key: string;

  beforeAll(async () => {
    session = await startRoomSession(inject('redisUrl'), ['ana']);
    [ana] = session.peers as [Peer];
    fox = await launchFirefoxPeer({
      name: 'fox',
      extensionPath: buildFirefoxFor(session.relay.url),
      extensionId: GECKO_ID,
      youtubePort: session.site.port,
    });
    // Opened last: the short video must not run out (and autoplay on) before the room starts.
    anaTab = await ana.openYouTube(`/watch?v=${SHORT}`, { tab: ana.youtubeTab });
    key = await session.startRoom(ana, anaTab);
    await fox.tab.goto(inviteLink(SHORT, key));
    const panel = firefoxOverlay(fox);
    // vi.waitFor rather than expect.poll: this runs in beforeAll.
    await vi.waitFor(
      async () => expect(await panel.text()).toContain('Join the room for this video?'),
      MEDIA,
    );
    await panel.click('button', 'Join room');
    await vi.waitFor(
      async () => expect(await panel.valueOf('textbox', 'Room invite key')).toBe(key),
      MEDIA,
    );
  });

  afterAll(async () => {
    await fox?.close();
    await session?.close();
  });

  beforeEach(({ onTestFailed }) => {
    onTestFailed(() => {
      console.log(`ana logs:\n${ana.logs.join('\n')}`);
      console.log(`fox logs:\n${fox.logs.join('\n')}`);
    });
  });

  it('stops Firefox on the last frame with Chromium, and autoplay does not take it away', async () => {
    const { duration } = await foxEnd(fox);
    await anaTab.evaluate((t) => {
      document.querySelector<HTMLVideoElement>('#movie_player video')!.currentTime = t;
    }, duration - 4);
    // Both play the last seconds, then both stand at the end.
    await expect.poll(async () => (await foxEnd(fox)).paused, MEDIA).toBe(false);
    await expect
      .poll(async () => {
        const [end, chromium] = [await foxEnd(fox), await sampleVideo(anaTab)];
        return end.paused && chromium.paused && end.time > duration - SAME_FRAME_S;
      }, MEDIA)
      .toBe(true);
    const endedAt = Date.now();
    const chromium = await sampleVideo(anaTab);
    const atEnd = await foxEnd(fox);
    console.log(
      `end: Firefox ${atEnd.time.toFixed(3)} s, Chromium ${chromium.time.toFixed(3)} s of ${duration.toFixed(3)} s`,
    );
    expect(Math.abs(atEnd.time - chromium.time)).toBeLessThan(SAME_FRAME_S);

    await new Promise((resolve) => setTimeout(resolve, endedAt + COUNTDOWN_PASSED_MS - Date.now()));
    const later = await foxEnd(fox);
    expect(later).toMatchObject({ paused: true, ended: true, cancelled: true, autoplay: 'true' });
    expect(later.href).toContain(`/watch?v=${SHORT}`);
    expect(Math.abs(later.time - atEnd.time)).toBeLessThan(SAME_FRAME_S);
    expect(await firefoxOverlay(fox).has('button', 'Play again')).toBe(true);
  });
});
