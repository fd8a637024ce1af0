/**
 * YouTube's miniplayer in a room, in real Chromium: `i`, the logo to the home feed and a search
 * while the video plays, and the expand button move the same player around with the URL off `/watch`,
 * and the member stays in the room and in sync all along; a click on another video asks
 * "Leave the room?" first (Stay, Escape, Leave room); closing the miniplayer steps out, without
 * pausing anyone, with a way back.
 * @module
 */
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, beforeEach, describe, expect, inject, it, vi } from 'vitest';
import type { FakePlayerApi } from './support/fake-youtube-types';
import { overlay } from './support/overlay-driver';
import { positionGap, readOverlay, sampleVideo } from './support/player-probe';
import { startRoomSession, type RoomSession } from './support/room-session';

declare global {
  interface Window {
    /** Set once on Ben's page: still there means the page was never reloaded. */
    sameDocument?: true;
  }
}

const VIDEO = 'aaaaaaaaaa1';
const OTHER = 'bbbbbbbbbb2';
const MEDIA = { timeout: 10_000, interval: 50 };
const ASK = { timeoutMs: 10_000 };
/** Loose, as in sync.test.ts: the benchmark measures the real spread. */
const IN_SYNC_S = 0.15;
const MEMBERS = { role: 'list', name: 'Members' };
const LEAVE_ASK = { role: 'alertdialog', name: 'Leave the room?' };
const STAY = { role: 'button', name: 'Stay' };
/** The prompt's own Leave room (the panel has one too), told apart by what it explains. */
const LEAVE_FOR_VIDEO = { role: 'button', name: 'Leave room', description: /opens here/ };

describe('the miniplayer in a room', () => {
  let session: RoomSession;
  let ana: Page;
  let ben: Page;
  let key: string;
  /** The room's member ids while Ben is in it: a rejoin would show up as a new one. */
  let members: string[];
  const timings: string[] = [];

  const gap = async () => Math.abs(await positionGap(ana, ben));
  const bothPlayingInSync = () =>
    vi.waitFor(async () => {
      expect((await sampleVideo(ana)).paused).toBe(false);
      expect((await sampleVideo(ben)).paused).toBe(false);
      expect(await gap()).toBeLessThan(IN_SYNC_S);
    }, MEDIA);
  const anaMembers = () => overlay(ana).names('listitem', MEMBERS);
  const benStatus = async () => (await readOverlay(ben))?.text ?? '';
  /** Ben's page: where it is, and whether the player sits in the miniplayer. */
  const benPage = () =>
    ben.evaluate(() => ({
      path: location.pathname + location.search,
      miniplayer: document.querySelector('ytd-app')!.hasAttribute('miniplayer-is-active'),
      inMiniplayer: document.querySelector('ytd-miniplayer #movie_player video') !== null,
      sameVideo: document.querySelector<HTMLVideoElement>('video')!.dataset.first === 'yes',
      sameDocument: window.sameDocument === true,
    }));
  const watchLoads = () => session.site.requests.filter((r) => r.startsWith('GET /watch')).length;

  /**
   * Ben is in the room and in sync, by the room's own account (the same member all along, no
   * step out and back in) and by the two players.
   */
  async function inRoomAndInSync(step: string): Promise<void> {
    const from = Date.now();
    // Long enough for a step out to have shown, had there been one.
    await new Promise((resolve) => setTimeout(resolve, 1000));
    expect(await benStatus()).not.toMatch(/left the room's video|video stopped/);
    expect(await session.memberIds(key)).toEqual(members);
    await expect.poll(anaMembers, MEDIA).toHaveLength(2);
    await bothPlayingInSync();
    const [a, b] = await Promise.all([sampleVideo(ana), sampleVideo(ben)]);
    timings.push(
      `${step}: in sync ${Date.now() - from - 1000} ms after the wait; ` +
        `ana ${a.time.toFixed(3)} s, ben ${b.time.toFixed(3)} s, gap ${(await gap()).toFixed(3)} s`,
    );
  }

  /** Both back near the start, so the 60-second clip never ends under a test. */
  async function rewind(): Promise<void> {
    await ana.evaluate(() => {
      document.querySelector('video')!.currentTime = 2;
    });
    await vi.waitFor(async () => expect((await sampleVideo(ben)).time).toBeLessThan(10), MEDIA);
    await bothPlayingInSync();
  }

  beforeAll(async () => {
    session = await startRoomSession(inject('redisUrl'), ['ana', 'ben']);
    const [anaPeer, benPeer] = session.peers;
    ana = await anaPeer!.openYouTube(`/watch?v=${VIDEO}`, { tab: anaPeer!.youtubeTab });
    ben = benPeer!.youtubeTab!;
    key = await session.startRoom(anaPeer!, ana);
    await session.join(benPeer!, ben, key);
    await vi.waitFor(() => expect(ben.url()).toContain(VIDEO), MEDIA);
    await bothPlayingInSync();
    members = await session.memberIds(key);
    expect(members).toHaveLength(2);
  });

  afterAll(async () => {
    console.log(`miniplayer timings:\n  ${timings.join('\n  ')}`);
    await session?.close();
  });

  beforeEach(({ onTestFailed }) => {
    onTestFailed(() => {
      for (const peer of session.peers) console.log(`${peer.name} logs:\n${peer.logs.join('\n')}`);
    });
  });

  it('stays in the room and in sync when `i` moves the video into the miniplayer', async () => {
    await rewind();
    await ben.evaluate(() => {
      window.sameDocument = true;
      document.querySelector<HTMLVideoElement>('video')!.dataset.first = 'yes';
    });
    const loads = watchLoads();
    await ben.keyboard.press('i');
    await expect.poll(benPage, MEDIA).toEqual({
      path: '/',
      miniplayer: true,
      inMiniplayer: true,
      sameVideo: true,
      sameDocument: true,
    });
    await inRoomAndInSync('i');

    // The room still drives the video in the miniplayer.
    await ana.evaluate(() => document.querySelector('video')!.pause());
    await expect.poll(async () => (await sampleVideo(ben)).paused, MEDIA).toBe(true);
    await expect.poll(gap, MEDIA).toBeLessThan(0.1);
    timings.push(`pause in the miniplayer: gap ${(await gap()).toFixed(3)} s`);
    await ana.evaluate(() => document.querySelector('video')!.play());
    await bothPlayingInSync();
    expect(watchLoads()).toBe(loads);
  });

  it('stays in the room through the logo, a search and the expand button back', async () => {
    await rewind();
    const loads = watchLoads();
    // `i` in the miniplayer expands it, as its button's `aria-keyshortcuts` says.
    await ben.keyboard.press('i');
    await expect.poll(async () => (await benPage()).path, MEDIA).toBe(`/watch?v=${VIDEO}`);
    await inRoomAndInSync('i again (expand)');

    await ben.click('#masthead a#logo');
    await expect.poll(benPage, MEDIA).toMatchObject({ path: '/', inMiniplayer: true });
    await inRoomAndInSync('logo to home');

    await ben.fill('#masthead input#search', 'pattern');
    await ben.press('#masthead input#search', 'Enter');
    await expect
      .poll(benPage, MEDIA)
      .toMatchObject({ path: '/results?search_query=pattern', inMiniplayer: true });
    expect(await ben.locator('ytd-search a#video-title').count()).toBe(2);
    await inRoomAndInSync('search');

    await ben.click('ytd-miniplayer .ytp-miniplayer-expand-watch-page-button');
    await expect.poll(benPage, MEDIA).toEqual({
      path: `/watch?v=${VIDEO}`,
      miniplayer: false,
      inMiniplayer: false,
      sameVideo: true,
      sameDocument: true,
    });
    await inRoomAndInSync('expand button');
    expect(watchLoads()).toBe(loads);
  });

  it('asks before another video opens, and Stay or Escape keeps the room’s video', async () => {
    await rewind();
    const panel = overlay(ben);
    await ben.click(`#related a[href="/watch?v=${OTHER}"]`);
    await panel.waitFor(LEAVE_ASK, ASK);
    expect((await panel.focused())?.name).toBe('Stay');
    expect((await benPage()).path).toBe(`/watch?v=${VIDEO}`);
    await panel.press('Escape');
    await expect.poll(() => panel.find(LEAVE_ASK), MEDIA).toBeNull();
    await inRoomAndInSync('Escape');

    await ben.click(`#related a[href="/watch?v=${OTHER}"]`);
    await panel.click(STAY, ASK);
    await expect.poll(() => panel.find(LEAVE_ASK), MEDIA).toBeNull();
    expect(await benPage()).toMatchObject({ path: `/watch?v=${VIDEO}`, sameDocument: true });
    await inRoomAndInSync('Stay');
  });

  it('steps out without pausing anyone when the miniplayer is closed, with a way back', async () => {
    await rewind();
    await ben.keyboard.press('i');
    await expect.poll(async () => (await benPage()).inMiniplayer, MEDIA).toBe(true);
    await inRoomAndInSync('i before closing');
    await ben.click('ytd-miniplayer .ytp-miniplayer-close-button');
    await expect.poll(benStatus, MEDIA).toMatch(/The room's video stopped/);
    await expect.poll(anaMembers, MEDIA).toHaveLength(1);
    expect((await sampleVideo(ben)).paused).toBe(true);
    // Closing one's own miniplayer is not a pause for the room.
    await new Promise((resolve) => setTimeout(resolve, 1000));
    expect((await sampleVideo(ana)).paused).toBe(false);

    await overlay(ben).click({ role: 'button', name: 'Back to the video' }, ASK);
    await expect
      .poll(() => new URL(ben.url()).pathname + new URL(ben.url()).search, MEDIA)
      .toBe(`/watch?v=${VIDEO}`);
    await vi.waitFor(async () => {
      const now = await session.memberIds(key);
      expect(now).toHaveLength(2);
      members = now;
    }, MEDIA);
    await inRoomAndInSync('back to the video after closing');
  });

  it('leaves the room for a video clicked on the home feed beside the miniplayer', async () => {
    await rewind();
    await ben.keyboard.press('i');
    await expect.poll(async () => (await benPage()).inMiniplayer, MEDIA).toBe(true);
    await inRoomAndInSync('i before leaving');
    const panel = overlay(ben);
    await ben.click(`ytd-browse a#video-title-link[href="/watch?v=${OTHER}"]`);
    await panel.waitFor(LEAVE_ASK, ASK);
    await panel.click(LEAVE_FOR_VIDEO, ASK);
    await expect.poll(async () => (await benPage()).path, MEDIA).toBe(`/watch?v=${OTHER}`);
    await expect
      .poll(
        () =>
          ben.evaluate(
            () =>
              (document.getElementById('movie_player') as unknown as FakePlayerApi).getVideoData()
                .video_id,
          ),
        MEDIA,
      )
      .toBe(OTHER);
    await expect
      .poll(() => ben.evaluate(() => document.title), MEDIA)
      .toBe('Sync Test Pattern B - YouTube');
    await expect.poll(async () => (await sampleVideo(ben)).paused, MEDIA).toBe(false);
    await expect.poll(anaMembers, MEDIA).toHaveLength(1);
    // Gone for good, not stepped out: nothing of the room, no way back offered.
    await expect.poll(() => readOverlay(ben), MEDIA).toBeNull();
    expect((await sampleVideo(ana)).paused).toBe(false);
  });
});
