/**
 * The end of a video in a room, in real Chromium, on a page whose autoplay does what youtube.com's
 * does (Up next countdown, then an in-app move to the visitor's own Up next): both members stop on
 * the last frame and stay on the room's video, the overlay offers Play again and Play next
 * together, each moves the whole room, and under "Only host controls" only the host is offered
 * what plays next. Outside a room YouTube's autoplay goes on as before.
 * @module
 */
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, beforeEach, describe, expect, inject, it, vi } from 'vitest';
import type { Peer } from './support/browser';
import { VISITOR_COOKIE } from './support/recommendations';
import { YOUTUBE_ORIGIN } from './support/fake-youtube';
import { overlay } from './support/overlay-driver';
import { positionGap, readOverlay, sampleVideo } from './support/player-probe';
import { startRoomSession, type PublishedState, type RoomSession } from './support/room-session';

const SHORT = 'ccccccccc03';
/** The fake site's Up next for SHORT: Sync Test Pattern B for visitor `ana`, "Tags…" for `ben`. */
const VISITORS = { ana: 'ana', ben: 'ben' };
const MEDIA = { timeout: 20_000, interval: 50 };
/** YouTube's countdown (10 s) and a margin: by then autoplay would have moved the page. */
const COUNTDOWN_PASSED_MS = 10_000 + 2500;
const IN_SYNC_S = 0.15;
/** Paused members on the same frame (25 fps). */
const SAME_FRAME_S = 0.045;

/** What the page shows at the end, read in its own world. */
function endScreen(tab: Page) {
  return tab.evaluate(() => {
    const player = document.querySelector('#movie_player')!;
    const link = player.querySelector<HTMLAnchorElement>('.ytp-autonav-endscreen-link-container');
    return {
      ended: player.classList.contains('ended-mode'),
      cancelled: player.classList.contains('ytp-autonav-endscreen-cancelled-state'),
      counting: player.classList.contains('countdown-running'),
      upNext: new URL(link!.href).searchParams.get('v'),
      upNextTitle: player.querySelector('.ytp-autonav-endscreen-upnext-title')?.textContent,
      autoplay: player.querySelector('.ytp-autonav-toggle-button')?.getAttribute('aria-checked'),
      duration: document.querySelector<HTMLVideoElement>('#movie_player video')!.duration,
    };
  });
}

describe('the end of a video in a room', () => {
  let session: RoomSession;
  let ana: Page;
  let ben: Page;
  let published: PublishedState[];
  let anaNext: { id: string; title: string };

  const gap = async () => Math.abs(await positionGap(ana, ben));
  const onVideo = (tab: Page, id: string) =>
    vi.waitFor(() => expect(tab.url()).toContain(`/watch?v=${id}`), MEDIA);
  const bothPlayingInSync = () =>
    vi.waitFor(async () => {
      expect((await sampleVideo(ana)).paused).toBe(false);
      expect((await sampleVideo(ben)).paused).toBe(false);
      expect(await gap()).toBeLessThan(IN_SYNC_S);
    }, MEDIA);
  /** Runs the room's video out from `secondsBefore` its end; resolves once both stand there. */
  async function runToEnd(secondsBefore: number): Promise<number> {
    const { duration } = await endScreen(ana);
    await ana.evaluate((t) => {
      document.querySelector<HTMLVideoElement>('#movie_player video')!.currentTime = t;
    }, duration - secondsBefore);
    await bothPlayingInSync();
    await vi.waitFor(async () => {
      for (const tab of [ana, ben]) {
        const sample = await sampleVideo(tab);
        expect(sample.paused).toBe(true);
        expect(sample.time).toBeGreaterThan(duration - SAME_FRAME_S);
      }
    }, MEDIA);
    return Date.now();
  }

  beforeAll(async () => {
    session = await startRoomSession(inject('redisUrl'), ['ana', 'ben']);
    const [first, second] = session.peers as [Peer, Peer];
    // Recommendations, and so the Up next, are each visitor's own.
    for (const [peer, visitor] of [
      [first, VISITORS.ana],
      [second, VISITORS.ben],
    ] as const)
      await peer.context.addCookies([
        { name: VISITOR_COOKIE, value: visitor, url: YOUTUBE_ORIGIN },
      ]);
    ana = await first.openYouTube(`/watch?v=${SHORT}`, { tab: first.youtubeTab });
    ben = second.youtubeTab!;
    const key = await session.startRoom(first, ana);
    published = await session.watch(key);
    await session.join(second, ben, key);
    await onVideo(ben, SHORT);
    await bothPlayingInSync();
  });

  afterAll(async () => {
    await session?.close();
  });

  beforeEach(({ onTestFailed }) => {
    onTestFailed(() => {
      for (const peer of session.peers) console.log(`${peer.name} logs:\n${peer.logs.join('\n')}`);
      console.log(
        published
          .slice(-6)
          .map((p) => JSON.stringify(p))
          .join('\n'),
      );
    });
  });

  it('stops both on the last frame, cancels autoplay for each, and offers what to play now', async () => {
    const [anaScreen, benScreen] = [await endScreen(ana), await endScreen(ben)];
    // Each member's YouTube would take it somewhere else.
    expect(anaScreen.upNext).not.toBe(benScreen.upNext);
    anaNext = { id: anaScreen.upNext!, title: anaScreen.upNextTitle! };
    const endedAt = await runToEnd(4);
    const [a, b] = [await sampleVideo(ana), await sampleVideo(ben)];
    console.log(
      `end: ana ${a.time.toFixed(3)} s, ben ${b.time.toFixed(3)} s of ${anaScreen.duration.toFixed(3)} s`,
    );
    expect(Math.abs(a.time - b.time)).toBeLessThan(SAME_FRAME_S);
    expect(Math.abs(await positionGap(ben, ana))).toBeLessThan(SAME_FRAME_S);
    // The room itself stands at the end, so a member a frame behind stops there too.
    await vi.waitFor(() =>
      expect(published.at(-1)?.state).toMatchObject({ playing: false, hold: null }),
    );
    expect(published.at(-1)!.state.position).toBeGreaterThan(anaScreen.duration - SAME_FRAME_S);

    await new Promise((resolve) => setTimeout(resolve, endedAt + COUNTDOWN_PASSED_MS - Date.now()));
    const screens = [];
    for (const tab of [ana, ben]) {
      expect(tab.url()).toContain(`/watch?v=${SHORT}`);
      // No countdown runs, and the user's Autoplay switch is still on.
      const screen = await endScreen(tab);
      expect(screen).toMatchObject({ counting: false, autoplay: 'true' });
      // Whoever reached the end saw the countdown cancelled; a member the room stopped on the
      // last frame a moment before its own end never got one.
      if (screen.ended) expect(screen.cancelled).toBe(true);
      screens.push(screen);
      expect((await sampleVideo(tab)).paused).toBe(true);
      const panel = overlay(tab);
      await panel.waitFor({ role: 'button', name: 'Play again' });
      await panel.waitFor({ role: 'button', name: 'Play next together' });
    }
    // The member whose end stopped the room reached it.
    expect(screens.some((screen) => screen.ended && screen.cancelled)).toBe(true);
    expect(await overlay(ana).text()).toContain(anaNext.title);
    expect(Math.abs(await positionGap(ana, ben))).toBeLessThan(SAME_FRAME_S);
  });

  it('lands a member who comes back to the room on the last frame too', async () => {
    await ben.reload();
    await vi.waitFor(async () => {
      const sample = await sampleVideo(ben);
      expect(sample.paused).toBe(true);
      expect(Math.abs(await positionGap(ana, ben))).toBeLessThan(SAME_FRAME_S);
    }, MEDIA);
    await overlay(ben).waitFor({ role: 'button', name: 'Play again' });
    expect(ben.url()).toContain(`/watch?v=${SHORT}`);
  });

  it('plays the video again from the start for both on Play again', async () => {
    await overlay(ben).click({ role: 'button', name: 'Play again' });
    await bothPlayingInSync();
    const [a, b] = [await sampleVideo(ana), await sampleVideo(ben)];
    expect(a.time).toBeLessThan(4);
    expect(b.time).toBeLessThan(4);
    console.log(`play again: ana ${a.time.toFixed(3)} s, gap ${(await gap()).toFixed(3)} s`);
    expect(await overlay(ana).find({ role: 'button', name: 'Play again' })).toBeNull();
  });

  it("moves both to ana's Up next together on Play next together", async () => {
    await runToEnd(4);
    const before = published.length;
    await overlay(ana).click({ role: 'button', name: 'Play next together' });
    await onVideo(ana, anaNext.id);
    await onVideo(ben, anaNext.id);
    await bothPlayingInSync();
    console.log(`play next together: both on ${anaNext.id}, gap ${(await gap()).toFixed(3)} s`);
    const moves = published
      .slice(before)
      .filter(({ state }) => state.hold?.reason === 'load' && state.hold.id === state.rev);
    expect(moves).toHaveLength(1);
    expect(moves[0]!.state).toMatchObject({
      videoId: anaNext.id,
      title: anaNext.title,
      item: null,
    });
    // Ben's popup names the room by the video it is on now.
    await session.withPopup(session.peers[1]!, ben, async (popup) => {
      await vi.waitFor(async () =>
        expect(await popup.text()).toContain(`In a room watching ${anaNext.title}`),
      );
    });
  });

  it('offers what plays next only to the host under "Only host controls"', async () => {
    await overlay(ana).click({ role: 'switch', name: 'Only host controls' });
    await vi.waitFor(async () =>
      expect((await readOverlay(ben))?.text).toContain('controls playback for everyone'),
    );
    await runToEnd(4);
    await overlay(ana).waitFor({ role: 'button', name: 'Play next together' });
    await vi.waitFor(async () =>
      expect(await overlay(ben).text()).toContain('The video has ended for everyone'),
    );
    expect(await overlay(ben).find({ role: 'button', name: 'Play next together' })).toBeNull();
    expect(await overlay(ben).text()).toMatch(/picks what plays next/);
    expect(ana.url()).toContain(`/watch?v=${anaNext.id}`);
  });

  it("leaves YouTube's autoplay alone outside a room", async () => {
    await overlay(ben).click({ role: 'button', name: 'Leave room' });
    await vi.waitFor(async () => expect(await readOverlay(ben)).toBeNull());
    const { duration, upNext } = await endScreen(ben);
    await ben.evaluate(async (t) => {
      const video = document.querySelector<HTMLVideoElement>('#movie_player video')!;
      video.currentTime = t;
      await video.play();
    }, duration - 1.5);
    await vi.waitFor(() => expect(ben.url()).toContain(`/watch?v=${upNext}`), {
      timeout: COUNTDOWN_PASSED_MS + 5000,
      interval: 100,
    });
  });
});
