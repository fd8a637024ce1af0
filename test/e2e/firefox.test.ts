/**
 * We Watch across browsers: a Chromium peer (the usual harness) starts a room; a real Firefox ESR
 * peer, driven over WebDriver BiDi with the Firefox build installed as a temporary add-on, joins
 * it by opening the invite link and clicking **Join room**; play, pause and seek from either side
 * happen for both, in step.
 * Skipped when `firefox-esr` is not installed (`.ci/run` installs it).
 * @module
 */
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, beforeEach, describe, expect, inject, it } from 'vitest';
import { inviteLink } from '../../shared/invite-key';
import type { Peer } from './support/browser';
import { firefoxVersion, launchFirefoxPeer, type FirefoxPeer } from './support/firefox';
import { buildFirefoxFor, GECKO_ID } from './support/firefox-build';
import { firefoxOverlay } from './support/firefox-overlay';
import { readOverlay, sampleVideo, type VideoSample } from './support/player-probe';
import { startRoomSession, type RoomSession } from './support/room-session';

declare global {
  interface Window {
    /** `Date.now()` when the video next pauses; set before a pause is made elsewhere. */
    pausedAt?: Promise<number>;
  }
}

const VIDEO = 'aaaaaaaaaa1';
/** The bound for two browsers watching together. */
const IN_STEP_S = 0.15;
const MEDIA = { timeout: 15_000, interval: 50 };
/**
 * Firefox suspends an idle MV3 background (an event page, not a service worker) after 30 s by
 * default; a short timeout here shows whether a room keeps it alive.
 */
const BACKGROUND_IDLE_MS = 3000;
/**
 * Sync takes the player events its own commands cause for its own for this long (expected-event
 * tokens); a local action right after a remote command is made after it, as a person would.
 */
const COMMAND_SETTLE_MS = 1600;
const settle = () => new Promise((done) => setTimeout(done, COMMAND_SETTLE_MS));

const firefox = firefoxVersion();
if (!firefox) {
  console.warn(
    'firefox.test.ts skipped: /usr/bin/firefox-esr is not installed ' +
      '(apt-get install -y firefox-esr, as .ci/run does)',
  );
}

/** The same sample as `sampleVideo`, read in Firefox. */
function sampleFirefox(fox: FirefoxPeer): Promise<VideoSample> {
  return fox.tab.evaluate(() => {
    const video = document.querySelector<HTMLVideoElement>('#movie_player video')!;
    return {
      at: Date.now(),
      time: video.currentTime,
      paused: video.paused,
      rate: video.playbackRate,
    };
  });
}

/** How far Firefox is ahead of the Chromium tab, both brought to the same instant. */
async function gap(tab: Page, fox: FirefoxPeer): Promise<number> {
  const [a, b] = await Promise.all([sampleVideo(tab), sampleFirefox(fox)]);
  const at = Math.max(a.at, b.at);
  const project = (s: VideoSample) => (s.paused ? s.time : s.time + ((at - s.at) / 1000) * s.rate);
  return project(b) - project(a);
}

describe.skipIf(!firefox)(`watch together across browsers (Chromium and ${firefox})`, () => {
  let session: RoomSession;
  let ana: Peer;
  let anaTab: Page;
  let fox: FirefoxPeer;
  let key: string;
  const timings: string[] = [];
  const roomRev = () => session.roomRev(key);
  const inStep = () =>
    expect.poll(async () => Math.abs(await gap(anaTab, fox)), MEDIA).toBeLessThan(IN_STEP_S);
  const logGap = async (what: string) =>
    timings.push(`${what}: gap ${Math.round((await gap(anaTab, fox)) * 1000)} ms`);

  beforeAll(async () => {
    session = await startRoomSession(inject('redisUrl'), ['ana']);
    [ana] = session.peers as [Peer];
    anaTab = await ana.openYouTube(`/watch?v=${VIDEO}`, { tab: ana.youtubeTab });
    fox = await launchFirefoxPeer({
      name: 'fox',
      extensionPath: buildFirefoxFor(session.relay.url),
      extensionId: GECKO_ID,
      youtubePort: session.site.port,
      prefs: { 'extensions.background.idle.timeout': BACKGROUND_IDLE_MS },
    });
  });

  afterAll(async () => {
    console.log(`firefox e2e timings:\n  ${timings.join('\n  ')}`);
    await fox?.close();
    await session?.close();
  });

  beforeEach(({ onTestFailed }) => {
    onTestFailed(() => {
      console.log(`ana logs:\n${ana.logs.join('\n')}`);
      console.log(`fox logs:\n${fox.logs.join('\n')}`);
    });
  });

  it('Chromium starts a room', async () => {
    await expect.poll(async () => (await sampleVideo(anaTab)).time, MEDIA).toBeGreaterThan(1);
    key = await session.startRoom(ana, anaTab);
    expect(key).toMatch(/^[a-z2-7]{26}$/);
  });

  it('Firefox joins by opening the invite link and clicking Join room, and lands in step', async () => {
    const started = Date.now();
    await fox.tab.goto(inviteLink(VIDEO, key));
    await expect
      .poll(() => fox.tab.evaluate(() => document.querySelector('video')?.readyState ?? 0), MEDIA)
      .toBeGreaterThan(0);
    const panel = firefoxOverlay(fox);
    // The link only asks; the page cannot see into the overlay that asks.
    await expect.poll(() => panel.text(), MEDIA).toContain('Join the room for this video?');
    expect(
      await fox.tab.evaluate(() => document.querySelector('we-watch-overlay')?.shadowRoot ?? null),
    ).toBeNull();
    expect(await session.memberIds(key)).toHaveLength(1);
    await panel.click('button', 'Join room');
    const clicked = Date.now();
    await expect.poll(() => panel.valueOf('textbox', 'Room invite key'), MEDIA).toBe(key);
    // The key is read from the fragment and then taken out of the address bar.
    expect(await fox.tab.url()).not.toContain(key);
    await inStep();
    timings.push(`Firefox Join room click → in step: ${Date.now() - clicked} ms`);
    timings.push(`Firefox invite link opened → in step: ${Date.now() - started} ms`);
    expect((await sampleFirefox(fox)).paused).toBe(false);
    await logGap('playing after join');
  });

  it('Chromium pauses → Firefox pauses on the same position', async () => {
    const rev = await roomRev();
    await fox.tab.evaluate(() => {
      const video = document.querySelector('video')!;
      window.pausedAt = new Promise((done) =>
        video.addEventListener('pause', () => done(Date.now()), { once: true }),
      );
    });
    const paused = await anaTab.evaluate(() => {
      const at = Date.now();
      document.querySelector('video')!.pause();
      return at;
    });
    const pausedAt = await fox.tab.evaluate(() => window.pausedAt!);
    timings.push(`pause Chromium → Firefox paused: ${pausedAt - paused} ms`);
    await inStep();
    await logGap('paused');
    expect(await roomRev()).toBe(rev + 1);
  });

  it('Firefox seeks → Chromium follows', async () => {
    await settle();
    const rev = await roomRev();
    const started = Date.now();
    await fox.tab.evaluate(() => {
      document.querySelector('video')!.currentTime = 42;
    });
    await expect.poll(async () => (await sampleVideo(anaTab)).time, MEDIA).toBeCloseTo(42, 1);
    timings.push(`seek Firefox → Chromium at 42 s: ${Date.now() - started} ms`);
    await inStep();
    expect((await sampleVideo(anaTab)).paused).toBe(true);
    expect(await roomRev()).toBe(rev + 1);
  });

  it('Firefox plays → both play in step', async () => {
    const started = Date.now();
    await fox.tab.evaluate(() => document.querySelector('video')!.play());
    await expect.poll(async () => (await sampleVideo(anaTab)).paused, MEDIA).toBe(false);
    timings.push(`play Firefox → Chromium playing: ${Date.now() - started} ms`);
    await expect.poll(async () => (await sampleVideo(anaTab)).time, MEDIA).toBeGreaterThan(42.5);
    await inStep();
    await logGap('playing after Firefox play');
  });

  it('Chromium seeks while playing → Firefox follows, both playing in step', async () => {
    const started = Date.now();
    await anaTab.evaluate(() => {
      document.querySelector('video')!.currentTime = 20;
    });
    await expect
      .poll(async () => {
        const sample = await sampleFirefox(fox);
        return !sample.paused && sample.time > 20 && sample.time < 25;
      }, MEDIA)
      .toBe(true);
    timings.push(`seek Chromium (playing) → Firefox playing from 20 s: ${Date.now() - started} ms`);
    await inStep();
    await logGap('playing after seek');
  });

  it(`keeps its background and relay connection past Firefox's ${BACKGROUND_IDLE_MS} ms idle timeout`, async () => {
    // Suspending the event page would close its WebSocket: the member would come back (if at
    // all) under a new id.
    const members = await session.memberIds(key);
    expect(members).toHaveLength(2);
    await new Promise((done) => setTimeout(done, BACKGROUND_IDLE_MS * 3));
    expect(await session.memberIds(key)).toEqual(members);
    await inStep();
    await fox.tab.evaluate(() => {
      const video = document.querySelector('video')!;
      window.pausedAt = new Promise((done) =>
        video.addEventListener('pause', () => done(Date.now()), { once: true }),
      );
    });
    const paused = await anaTab.evaluate(() => {
      const at = Date.now();
      document.querySelector('video')!.pause();
      return at;
    });
    const pausedAt = await fox.tab.evaluate(() => window.pausedAt!);
    timings.push(`pause Chromium → Firefox paused, after idling: ${pausedAt - paused} ms`);
    await inStep();
  });

  it('Firefox pauses → Chromium pauses on the same position', async () => {
    const from = (await sampleFirefox(fox)).time;
    await fox.tab.evaluate(() => document.querySelector('video')!.play());
    await expect.poll(async () => (await sampleVideo(anaTab)).paused, MEDIA).toBe(false);
    // Past the scheduled start and its expected-event tokens: this pause is the user's alone.
    await expect.poll(async () => (await sampleFirefox(fox)).time, MEDIA).toBeGreaterThan(from + 2);
    await inStep();
    const rev = await roomRev();
    const started = Date.now();
    await fox.tab.evaluate(() => document.querySelector('video')!.pause());
    await expect.poll(async () => (await sampleVideo(anaTab)).paused, MEDIA).toBe(true);
    timings.push(`pause Firefox → Chromium paused: ${Date.now() - started} ms`);
    await inStep();
    await logGap('paused by Firefox');
    expect(await roomRev()).toBe(rev + 1);
    expect((await readOverlay(anaTab))?.key).toBe(key);
  });
});
