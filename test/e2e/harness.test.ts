/**
 * Proves the e2e harness itself with a throwaway probe extension instead of We Watch: the fake
 * youtube.com plays, seeks and behaves like YouTube, the real toolbar popup can be driven by
 * accessible names, and the service worker can be restarted.
 * @module
 */
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { launchPeer, restartServiceWorker, type Peer } from './support/browser';
import { startFakeYouTube, type FakeYouTube } from './support/fake-youtube';
import { openToolbarPopup } from './support/popup';
import { PROBE_ATTRIBUTES, writeProbeExtension } from './support/probe-extension';
import { PLAYER_STATE, type FakePlayerApi } from './support/fake-youtube-types';

const FIRST = 'aaaaaaaaaa1';
const SECOND = 'ccccccccc03';
/** Media needs longer than expect.poll's default second on a busy machine. */
const MEDIA = { timeout: 5_000 };

describe('e2e harness', () => {
  let site: FakeYouTube;
  let extension: Awaited<ReturnType<typeof writeProbeExtension>>;
  let peer: Peer;
  let tab: Page;

  beforeAll(async () => {
    [site, extension] = await Promise.all([startFakeYouTube(), writeProbeExtension()]);
    peer = await launchPeer({ extensionPath: extension.path, youtubePort: site.port, name: 'ana' });
  });

  afterAll(async () => {
    await peer?.close();
    await site?.close();
    await extension?.remove();
  });

  beforeEach(({ onTestFailed }) => {
    onTestFailed(() => console.log(`browser logs:\n${peer?.logs.join('\n')}`));
  });

  it('plays a clip on the fake watch page and seeks through Range requests', async () => {
    tab = await peer.openYouTube(`/watch?v=${FIRST}`);
    await expect
      .poll(() => tab.evaluate(() => document.title))
      .toBe('Sync Test Pattern A - YouTube');
    await expect
      .poll(() => tab.evaluate(() => document.querySelector('video')!.currentTime), MEDIA)
      .toBeGreaterThan(0.3);

    const afterSeek = await tab.evaluate(async () => {
      const video = document.querySelector('video')!;
      const seeked = new Promise((resolve) => video.addEventListener('seeked', resolve));
      video.currentTime = 40;
      await seeked;
      return video.currentTime;
    });
    expect(afterSeek).toBeGreaterThanOrEqual(40);
    await expect
      .poll(() => tab.evaluate(() => document.querySelector('video')!.currentTime), MEDIA)
      .toBeGreaterThan(40.2);

    const ranged = await tab.evaluate(async () => {
      const response = await fetch('/media/long.webm', { headers: { range: 'bytes=100-199' } });
      const body = await response.arrayBuffer();
      return [response.status, response.headers.get('content-range'), body.byteLength];
    });
    expect(ranged).toEqual([206, expect.stringMatching(/^bytes 100-199\/\d+$/), 100]);
    expect(site.requests.some((line) => line.startsWith('GET /media/long.webm bytes='))).toBe(true);

    const api = await tab.evaluate(() => {
      const player = document.getElementById('movie_player') as unknown as FakePlayerApi;
      return {
        state: player.getPlayerState(),
        duration: player.getDuration(),
        data: player.getVideoData(),
        channel: document.querySelector('#owner #channel-name a')?.textContent,
      };
    });
    expect(api).toEqual({
      state: PLAYER_STATE.playing,
      duration: 60,
      data: {
        video_id: FIRST,
        title: 'Sync Test Pattern A',
        author: 'We Watch Tests',
        isLive: false,
      },
      channel: 'We Watch Tests',
    });
  });

  it("enforces YouTube's Trusted Types CSP", async () => {
    const mainWorld = await tab.evaluate(() => {
      try {
        document.createElement('div').innerHTML = '<b>x</b>';
        return 'allowed';
      } catch (error) {
        return String(error);
      }
    });
    expect(mainWorld).toMatch(/TypeError: .*requires 'TrustedHTML' assignment/);
    // Chromium does not apply the page's Trusted Types to content scripts (isolated worlds):
    // `innerHTML` there still works, so only main-world code (such as a `world: 'MAIN'` script
    // reaching the player API) is caught by this CSP. If this starts failing, Chromium has
    // begun enforcing it in isolated worlds too.
    await expect.poll(() => tab.getAttribute('html', PROBE_ATTRIBUTES.innerHtml)).toBe('allowed');
  });

  it('drives the real toolbar popup by accessible names', async () => {
    const popup = await openToolbarPopup(peer);
    try {
      // The popup's "current tab" is the YouTube tab, as it is for a user.
      await popup.waitForText(`tab https://www.youtube.com/watch?v=${FIRST}`);
      expect(await popup.isDisabled('button', 'Join')).toBe(true);
      await popup.click('button', 'Start room');
      await popup.waitForText('started (trusted click)');
      expect(await popup.valueOf('textbox', 'Room invite key')).toBe('ROOM-KEY-1');
      await popup.fill('Invite key', 'friend-key');
      await popup.waitForText('typed friend-key');
      expect(await popup.valueOf('textbox', 'Invite key')).toBe('friend-key');
      expect(await popup.isDisabled('button', 'Join')).toBe(false);
      await expect(popup.click('button', 'Stop room', { timeoutMs: 200 })).rejects.toThrow(
        /no button named "Stop room"; buttons there: "Start room", "Join"; it shows ".*typed/,
      );
    } finally {
      await popup.close();
    }
  });

  it('navigates in-app like YouTube, on the same <video>', async () => {
    await tab.evaluate(() => {
      const marked = window as unknown as { before: Element | null; finished: string[] };
      marked.before = document.querySelector('video');
      marked.finished = [];
      document.addEventListener('yt-navigate-finish', () => marked.finished.push(location.href));
    });
    await tab.evaluate((id) => window.fakeYouTube.navigate(id), SECOND);
    expect(tab.url()).toBe(site.watchUrl(SECOND));
    const after = await tab.evaluate(() => {
      const marked = window as unknown as { before: Element | null; finished: string[] };
      return {
        finished: marked.finished,
        title: document.title,
        heading: document.querySelector('h1 yt-formatted-string')?.textContent,
        sameVideo: marked.before === document.querySelector('video'),
        src: document.querySelector('video')!.src,
      };
    });
    expect(after).toEqual({
      finished: [site.watchUrl(SECOND)],
      title: 'Short Clip C - YouTube',
      heading: 'Short Clip C',
      sameVideo: true,
      src: 'https://www.youtube.com/media/short.webm',
    });

    await tab.goBack();
    await expect
      .poll(() => tab.evaluate(() => document.title))
      .toBe('Sync Test Pattern A - YouTube');
  });

  it('shows an ad in the same <video> and resumes the content where it was', async () => {
    const isAd = (): Promise<boolean> =>
      tab.evaluate(() => document.getElementById('movie_player')!.classList.contains('ad-showing'));
    await expect
      .poll(() => tab.evaluate(() => document.querySelector('video')!.currentTime), MEDIA)
      .toBeGreaterThan(0.5);
    const before = await tab.evaluate(() => {
      void window.fakeYouTube.showAd(1500);
      return document.querySelector('video')!.currentTime;
    });
    expect(await isAd()).toBe(true);
    // Each ad of a break is a source of its own, numbered in the break.
    expect(await tab.evaluate(() => document.querySelector('video')!.src)).toMatch(
      /\/ad\.webm\?ad=1$/,
    );
    await expect.poll(isAd, MEDIA).toBe(false);
    const resumed = await tab.evaluate(() => document.querySelector('video')!.currentTime);
    expect(resumed).toBeGreaterThanOrEqual(before);
    expect(resumed).toBeLessThan(before + 1);
  });

  it('swaps the <video> element and resets the playback rate on its own', async () => {
    const swapped = await tab.evaluate(async () => {
      const old = document.querySelector('video')!;
      old.playbackRate = 1.5;
      const position = old.currentTime;
      await window.fakeYouTube.swapVideoElement();
      const fresh = document.querySelector('video')!;
      return {
        replaced: fresh !== old,
        drift: Math.abs(fresh.currentTime - position),
        rate: fresh.playbackRate,
      };
    });
    expect(swapped.replaced).toBe(true);
    expect(swapped.drift).toBeLessThan(0.5);
    expect(swapped.rate).toBe(1.5);
    await tab.evaluate(() => window.fakeYouTube.resetRateSoon(50));
    await expect
      .poll(() => tab.evaluate(() => document.querySelector('video')!.playbackRate))
      .toBe(1);
  });

  it('restarts the service worker; the content script wakes a new one', async () => {
    const before = await peer.serviceWorker.evaluate<string>('instance');
    await expect.poll(() => tab.getAttribute('html', PROBE_ATTRIBUTES.workerInstance)).toBe(before);
    const worker = await restartServiceWorker(peer);
    const after = await worker.evaluate<string>('instance');
    expect(after).not.toBe(before);
    await expect.poll(() => tab.getAttribute('html', PROBE_ATTRIBUTES.workerInstance)).toBe(after);
  });
});
