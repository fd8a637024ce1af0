/**
 * Ads of every kind in a room where one member has YouTube Premium (no ads) and the other does
 * not: a pre-roll on joining, a mid-roll at an ad break, a pod of two, a skippable ad skipped by
 * a person's click and a stitched (server-side) ad. The room waits for a mid-roll (up to the
 * stall cap), the Premium member waits on the room's position, and both are on the same frame
 * again within 2 s of the last ad ending; a joiner's pre-roll never stops the room.
 * @module
 */
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, beforeEach, describe, expect, inject, it, vi } from 'vitest';
import type { AdBreak } from './support/fake-youtube-types';
import { stitchedClipPath } from './support/media';
import { readOverlay } from './support/player-probe';
import { startRoomSession, type PublishedState, type RoomSession } from './support/room-session';

const VIDEO = 'aaaaaaaaaa1';
const MEDIA = { timeout: 15_000, interval: 50 };
/** Loose, as in `sync.test.ts`: the benchmark measures the real spread. */
const IN_SYNC_S = 0.15;
/** One frame at 25 fps, and a little for reading two browsers one after the other. */
const SAME_FRAME_S = 0.045;
/** Everyone on the same frame again within this long of the last ad ending. */
const BACK_IN_SYNC_MS = 2000;
/** Each test's break: far enough ahead that the member is in sync before it comes. */
const BREAK_AT_S = 16;
/** Where each test puts the room first, so the 60 s video never runs out. */
const START_AT_S = 5;

type ApiPlayer = HTMLElement & { getCurrentTime(): number };

declare global {
  interface Window {
    /** The sources the element seeked in while it played an ad. */
    adSeeks?: string[];
  }
}

/** The video's own time (the player API's), which stitched ads do not move. */
function sampleContent(page: Page) {
  return page.evaluate(() => {
    const player = document.getElementById('movie_player') as ApiPlayer;
    const video = player.querySelector('video')!;
    return {
      at: Date.now(),
      time: player.getCurrentTime(),
      element: video.currentTime,
      paused: video.paused,
      ad: player.classList.contains('ad-showing'),
    };
  });
}

/** Resolves with `Date.now()` once `#movie_player` has (or no longer has) `ad-showing`. */
function adShowing(page: Page, showing: boolean): Promise<number> {
  return page.evaluate(
    (want) =>
      new Promise<number>((resolve) => {
        const player = document.getElementById('movie_player')!;
        const check = () => {
          if (player.classList.contains('ad-showing') !== want) return;
          observer.disconnect();
          resolve(Date.now());
        };
        const observer = new MutationObserver(check);
        observer.observe(player, { attributes: true, attributeFilter: ['class'] });
        check();
      }),
    showing,
  );
}

function badge(page: Page): Promise<string | null> {
  return page.evaluate(
    () => document.querySelector('.ytp-ad-simple-ad-badge .ytp-ad-text')?.textContent ?? null,
  );
}

describe('ads with a Premium member and one who gets ads', () => {
  let session: RoomSession;
  let ana: Page;
  let ben: Page;
  let key: string;
  let published: PublishedState[];

  /** How far ben's video is ahead of ana's on the video's own timeline, at one instant. */
  async function contentGap(): Promise<number> {
    const [a, b] = await Promise.all([sampleContent(ana), sampleContent(ben)]);
    const at = Math.max(a.at, b.at);
    const project = (s: typeof a) => (s.paused ? s.time : s.time + (at - s.at) / 1000);
    return project(b) - project(a);
  }

  /**
   * Waits until both play on the same frame again; prints and returns how long that took after
   * `endedAt`.
   */
  async function backInSync(kind: string, endedAt: number): Promise<number> {
    let gap = Infinity;
    await vi.waitFor(async () => {
      const [a, b] = await Promise.all([sampleContent(ana), sampleContent(ben)]);
      expect(a.paused || b.paused || b.ad).toBe(false);
      gap = await contentGap();
      expect(Math.abs(gap)).toBeLessThan(SAME_FRAME_S);
    }, MEDIA);
    const took = Date.now() - endedAt;
    console.log(
      `${kind}: on the same frame ${took} ms after the last ad ended (ben ${(gap * 1000).toFixed(0)} ms ahead)`,
    );
    return took;
  }

  /** A playing room at START_AT_S, and ben's page reloaded with `breaks` (it rejoins). */
  async function reloadBenWith(breaks: AdBreak[]): Promise<void> {
    await ana.evaluate((at) => (document.querySelector('video')!.currentTime = at), START_AT_S);
    await vi.waitFor(async () => expect(Math.abs(await contentGap())).toBeLessThan(1), MEDIA);
    session.site.adBreaks.set(VIDEO, breaks);
    await ben.reload();
    await vi.waitFor(async () => {
      const [a, b] = await Promise.all([sampleContent(ana), sampleContent(ben)]);
      expect(a.paused || b.paused).toBe(false);
      expect(Math.abs(await contentGap())).toBeLessThan(IN_SYNC_S);
    }, MEDIA);
    expect((await sampleContent(ben)).time).toBeLessThan(BREAK_AT_S - 1);
  }

  /** While the room waits for ben's ad: ana is held on the hold's position and stays there. */
  async function anaHeldOnTheRoom(): Promise<void> {
    await expect
      .poll(async () => (await readOverlay(ana))?.text ?? '', MEDIA)
      .toMatch(/Waiting for/);
    const hold = published.findLast((p) => p.state.hold?.reason === 'buffering')!.state;
    for (let i = 0; i < 2; i++) {
      const a = await sampleContent(ana);
      expect(a.paused).toBe(true);
      expect(Math.abs(a.time - hold.position)).toBeLessThan(0.1);
      await new Promise((resolve) => setTimeout(resolve, 700));
    }
  }

  beforeAll(async () => {
    // The stitched stream takes a few seconds to make the first time: not within a test.
    const stitched = stitchedClipPath('long', BREAK_AT_S, 5);
    session = await startRoomSession(inject('redisUrl'), ['ana', 'ben']);
    const [anaPeer, benPeer] = session.peers;
    await anaPeer!.context.addCookies([
      { name: 'PREMIUM', value: '1', domain: 'www.youtube.com', path: '/', secure: true },
    ]);
    ana = await anaPeer!.openYouTube(`/watch?v=${VIDEO}`, { tab: anaPeer!.youtubeTab });
    ben = benPeer!.youtubeTab!;
    key = await session.startRoom(anaPeer!, ana);
    published = await session.watch(key);
    await stitched;
  });

  afterAll(async () => {
    await session?.close();
  });

  beforeEach(({ onTestFailed }) => {
    onTestFailed(() => {
      for (const peer of session.peers) console.log(`${peer.name} logs:\n${peer.logs.join('\n')}`);
      console.log(
        `last room states:\n${published
          .slice(-10)
          .map((p) => JSON.stringify(p))
          .join('\n')}`,
      );
    });
  });

  it('lets a joiner watch its pre-roll while the room plays on, then lands it in sync', async () => {
    session.site.adBreaks.set(VIDEO, [{ offsetS: 0, ads: [{ ms: 5000 }] }]);
    const before = published.length;
    await session.join(session.peers[1]!, ben, key);
    await vi.waitFor(() => expect(ben.url()).toContain(VIDEO), MEDIA);
    await ben.waitForLoadState('domcontentloaded');
    await ben.waitForFunction(() =>
      document.getElementById('movie_player')?.classList.contains('ad-showing'),
    );
    // The video itself waits at its start while the pre-roll plays.
    expect((await sampleContent(ben)).time).toBe(0);
    const ended = adShowing(ben, false);
    await expect
      .poll(async () => (await readOverlay(ana))?.text ?? '', MEDIA)
      .toMatch(/Watching an ad/);
    let anaPaused = false;
    let done = false;
    void ended.then(() => (done = true));
    while (!done) {
      anaPaused ||= (await sampleContent(ana)).paused;
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
    expect(anaPaused).toBe(false);
    const took = await backInSync('pre-roll on joining', await ended);
    expect(took).toBeLessThan(BACK_IN_SYNC_MS);
    // Neither held, paused nor moved: the room went on as if no one had joined.
    expect(published.slice(before).map((p) => p.state)).toEqual([]);
  });

  it('waits for a mid-roll at an ad break, with the Premium member held on the room', async () => {
    await reloadBenWith([{ offsetS: BREAK_AT_S, ads: [{ ms: 5000 }] }]);
    const started = await adShowing(ben, true);
    expect((await sampleContent(ben)).time).toBeGreaterThanOrEqual(BREAK_AT_S);
    const ended = adShowing(ben, false);
    await expect
      .poll(async () => (await readOverlay(ana))?.text ?? '', MEDIA)
      .toMatch(/Watching an ad/);
    await anaHeldOnTheRoom();
    const endedAt = await ended;
    console.log(`mid-roll: the ad ran ${endedAt - started} ms`);
    expect(await backInSync('mid-roll', endedAt)).toBeLessThan(BACK_IN_SYNC_MS);
  });

  it('holds the room once through a pod of two ads, without a seek in between', async () => {
    await reloadBenWith([{ offsetS: BREAK_AT_S, ads: [{ ms: 4000 }, { ms: 4000 }] }]);
    const before = published.length;
    await adShowing(ben, true);
    const ended = adShowing(ben, false);
    // Seeks the element sees while it plays an ad (the page's own restore comes after the pod).
    await ben.evaluate(() => {
      const video = document.querySelector('video')!;
      window.adSeeks = [];
      video.addEventListener('seeking', () => {
        if (video.currentSrc.includes('/media/ad.webm')) window.adSeeks!.push(video.currentSrc);
      });
    });
    await expect.poll(() => badge(ben), MEDIA).toBe('Ad 1 of 2 ·');
    const firstSrc = await ben.evaluate(() => document.querySelector('video')!.currentSrc);
    await anaHeldOnTheRoom();
    await expect.poll(() => badge(ben), MEDIA).toBe('Ad 2 of 2 ·');
    const secondSrc = await ben.evaluate(() => document.querySelector('video')!.currentSrc);
    expect(secondSrc).not.toBe(firstSrc);
    expect((await sampleContent(ana)).paused).toBe(true);
    const endedAt = await ended;
    const duringPod = published.slice(before);
    expect(await backInSync('pod of two', endedAt)).toBeLessThan(BACK_IN_SYNC_MS);
    expect(await ben.evaluate(() => window.adSeeks)).toEqual([]);
    // One hold for the whole pod: taken once and never released before the last ad ended.
    const holds = duringPod.filter((p) => p.state.hold).map((p) => p.state.hold!.id);
    expect(new Set(holds).size).toBe(1);
    const firstHeld = duringPod.findIndex((p) => p.state.hold);
    expect(duringPod.slice(firstHeld).every((p) => p.state.hold)).toBe(true);
  });

  it('goes on sooner when the member skips a skippable ad', async () => {
    await reloadBenWith([{ offsetS: BREAK_AT_S, ads: [{ ms: 12_000, skippableAfterMs: 5000 }] }]);
    const started = await adShowing(ben, true);
    const ended = adShowing(ben, false);
    expect(await ben.locator('.ytp-ad-preview-text').textContent()).toBe('5');
    const skip = ben.locator('.ytp-skip-ad-button');
    await skip.waitFor({ state: 'visible', timeout: MEDIA.timeout });
    // A script's click does not skip an ad on YouTube; a person's does.
    await skip.evaluate((button: HTMLElement) => button.click());
    expect((await sampleContent(ben)).ad).toBe(true);
    const clicked = Date.now();
    await skip.click();
    const endedAt = await ended;
    console.log(
      `skippable: skipped after ${clicked - started} ms, ended ${endedAt - clicked} ms later`,
    );
    expect(endedAt - started).toBeLessThan(12_000 - 3000);
    expect(await backInSync('skipped ad', endedAt)).toBeLessThan(BACK_IN_SYNC_MS);
  });

  it('keeps to the video time through a stitched ad and lands on the same frame after it', async () => {
    await reloadBenWith([{ offsetS: BREAK_AT_S, stitched: true, ads: [{ ms: 5000 }] }]);
    await adShowing(ben, true);
    const ended = adShowing(ben, false);
    // The element plays on through the ad; the video's own time waits at the break.
    const inAd = await sampleContent(ben);
    expect(inAd.paused).toBe(false);
    expect(inAd.time).toBe(BREAK_AT_S);
    await expect
      .poll(async () => (await readOverlay(ana))?.text ?? '', MEDIA)
      .toMatch(/Watching an ad/);
    await anaHeldOnTheRoom();
    const endedAt = await ended;
    expect(await backInSync('stitched ad', endedAt)).toBeLessThan(BACK_IN_SYNC_MS);
    const after = await sampleContent(ben);
    expect(after.element - after.time).toBeCloseTo(5, 1);
  });

  it('shows a Premium member no ads', async () => {
    expect((await sampleContent(ana)).ad).toBe(false);
    await expect(ana.evaluate(() => window.fakeYouTube.startMidRoll())).rejects.toThrow(/Premium/);
  });
});
