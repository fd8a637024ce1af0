/**
 * Chat and presence in real Chromium on a page with YouTube's strict CSP: a message crosses the
 * room (latency measured), history reaches a member who comes back, markup in nicknames and
 * messages stays text, the host's "Only host controls" lock snaps a member's pause back, reactions
 * float for everyone, a burst of messages is told to slow down, and the host removes a member.
 * Also takes the README's picture of the watch page with the panel (see `support/screenshot.ts`).
 * @module
 */
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, beforeEach, describe, expect, inject, it, vi } from 'vitest';
import { overlay } from './support/overlay-driver';
import { positionGap, readOverlay, sampleVideo } from './support/player-probe';
import { startRoomSession, type RoomSession } from './support/room-session';
import { saveScreenshot } from './support/screenshot';

const VIDEO = 'aaaaaaaaaa1';
const MEDIA = { timeout: 10_000, interval: 50 };
const IN_SYNC_S = 0.15;
const PAYLOAD = '<img src=x onerror=alert(1)><b>bold</b>';

declare global {
  interface Window {
    /** `Date.now()` when Enter was last pressed on this page. */
    enterAt?: number;
  }
}

/** The host's toggle that folds and opens the panel; its name carries the unread count. */
const TOGGLE = { role: 'button', name: /^(Show|Hide|Chat|Hide chat)( \(\d+\))?$/ };
const MEMBERS = { role: 'list', name: 'Members' };
const button = (name: string) => ({ role: 'button', name });

const overlayText = async (tab: Page) => (await readOverlay(tab))?.text ?? '';

describe('chat and presence', () => {
  let session: RoomSession;
  let ana: Page;
  let ben: Page;
  let key: string;
  const dialogs: string[] = [];

  beforeAll(async () => {
    // Cal stays out of the room until the late-joiner test.
    session = await startRoomSession(inject('redisUrl'), ['ana', 'ben', 'cal']);
    const [anaPeer, benPeer] = session.peers;
    ana = await anaPeer!.openYouTube(`/watch?v=${VIDEO}`, { tab: anaPeer!.youtubeTab });
    ben = benPeer!.youtubeTab!;
    // Nicknames are kept from the popup's settings and sent when joining.
    for (const [peer, tab, name] of [
      [anaPeer!, ana, 'Ana'],
      [benPeer!, ben, 'Ben'],
      [session.peers[2]!, session.peers[2]!.youtubeTab!, 'Cal'],
    ] as const)
      await session.withPopup(peer, tab, async (popup) => {
        await popup.fill('Nickname', name);
        await popup.click('button', 'Save nickname');
        await popup.waitForText('Nickname saved');
      });
    key = await session.startRoom(anaPeer!, ana);
    await session.join(benPeer!, ben, key);
    await vi.waitFor(() => expect(ben.url()).toContain(VIDEO), MEDIA);
    for (const tab of [ana, ben]) {
      tab.on('dialog', (dialog) => {
        dialogs.push(dialog.message());
        void dialog.dismiss();
      });
      await tab.evaluate(() =>
        document.addEventListener(
          'keydown',
          (event) => {
            if (event.key === 'Enter') window.enterAt = Date.now();
          },
          { capture: true },
        ),
      );
    }
    await vi.waitFor(async () => {
      expect((await sampleVideo(ana)).paused).toBe(false);
      expect((await sampleVideo(ben)).paused).toBe(false);
      expect(Math.abs(await positionGap(ana, ben))).toBeLessThan(IN_SYNC_S);
    }, MEDIA);
  });

  afterAll(async () => {
    await session?.close();
  });

  beforeEach(({ onTestFailed }) => {
    onTestFailed(() => {
      for (const peer of session.peers) console.log(`${peer.name} logs:\n${peer.logs.join('\n')}`);
    });
  });

  it('shows the members with the host and each one once', async () => {
    await expect.poll(() => overlayText(ben), MEDIA).toMatch(/Ben \(you\)/);
    const text = await overlayText(ben);
    expect(text).toMatch(/^Ana/m);
    expect(text).toContain('Host');
    expect(text).toContain('No messages yet');
    // The host controls show to the host only.
    expect(text).not.toContain('Only host controls');
    await expect.poll(() => overlayText(ana), MEDIA).toContain('Only host controls');
    expect(await overlayText(ana)).toContain('Make host');
  });

  it('delivers a message from one member to the other', async () => {
    const text = `Hello from Ana ${Date.now()}`;
    const chatLog = { role: 'log', name: 'Chat messages' };
    await overlay(ana).fill('Message', text);
    await overlay(ana).press('Enter');
    // Ben's accessibility tree, read as often as it answers: the figure is an upper bound.
    await expect
      .poll(() => overlay(ben).text(chatLog), { timeout: 10_000, interval: 10 })
      .toContain(text);
    const seenAt = Date.now();
    const sentAt = await ana.evaluate(() => window.enterAt ?? 0);
    console.log(`chat latency: Enter at Ana → visible at Ben ${seenAt - sentAt} ms`);
    expect(seenAt - sentAt).toBeLessThan(2000);
    // The sender sees it too, and the field is empty again.
    await expect.poll(() => overlayText(ana), MEDIA).toContain(text);
    expect(await overlay(ana).valueOf('textbox', 'Message')).toBe('');
  });

  it('draws the watch page with the panel beside the player (screenshot)', async () => {
    const reply = 'Hi Ana! Ready when you are.';
    await overlay(ben).fill('Message', reply);
    await overlay(ben).click(button('Send'));
    await ana.setViewportSize({ width: 1280, height: 720 });
    await expect.poll(() => overlayText(ana), MEDIA).toContain(reply);
    // Both members report being in sync before the picture is taken.
    await expect.poll(() => overlayText(ana), MEDIA).toMatch(/In sync[\s\S]*In sync/);
    const png = await ana.screenshot();
    await saveScreenshot('watch-page.png', png);
    expect(png.byteLength).toBeGreaterThan(10_000);
  });

  it('shows markup in a nickname and a message as plain text', async () => {
    await overlay(ana).fill('Nickname', PAYLOAD);
    await overlay(ana).click(button('Save nickname'));
    await overlay(ana).fill('Message', `look: ${PAYLOAD}`);
    await overlay(ana).click(button('Send'));
    await expect.poll(() => overlayText(ben), MEDIA).toContain(`look: ${PAYLOAD}`);
    await expect.poll(() => overlayText(ben), MEDIA).toContain(`Ana is now called ${PAYLOAD}`);
    await expect
      .poll(() => overlayText(ben), MEDIA)
      .toMatch(new RegExp(`^${PAYLOAD.replace(/[()]/g, '\\$&')}`, 'm'));
    for (const tab of [ana, ben]) expect(await overlay(tab).domText('img, b')).toEqual([]);
    expect(dialogs).toEqual([]);
  });

  it('shows the recent chat to a member who joins late', async () => {
    const calPeer = session.peers[2]!;
    const cal = calPeer.youtubeTab!;
    await session.join(calPeer, cal, key);
    await expect.poll(() => overlayText(cal), { ...MEDIA, timeout: 20_000 }).toMatch(/\(you\)/);
    await expect.poll(() => overlayText(cal), MEDIA).toContain('Hello from Ana');
    expect(await overlayText(cal)).toContain(`look: ${PAYLOAD}`);
    // Cal goes again, so the rest of the room is Ana and Ben.
    await session.withPopup(calPeer, cal, (popup) => popup.click('button', 'Leave room'));
    await expect.poll(() => overlayText(ana), MEDIA).toContain('Cal left');
  });

  it('shows the recent chat to a member who comes back', async () => {
    await ben.reload();
    await expect.poll(() => overlayText(ben), { ...MEDIA, timeout: 20_000 }).toMatch(/\(you\)/);
    await expect.poll(() => overlayText(ben), MEDIA).toContain('Hello from Ana');
    expect(await overlayText(ben)).toContain(`look: ${PAYLOAD}`);
    await vi.waitFor(async () => expect((await sampleVideo(ben)).paused).toBe(false), MEDIA);
  });

  it('lets only the host control playback when the host locks it', async () => {
    await overlay(ana).click({ role: 'switch', name: 'Only host controls' });
    await expect.poll(() => overlayText(ben), MEDIA).toContain('controls playback for everyone');
    await vi.waitFor(async () => {
      expect((await sampleVideo(ben)).paused).toBe(false);
      expect(Math.abs(await positionGap(ana, ben))).toBeLessThan(IN_SYNC_S);
    }, MEDIA);
    await ben.evaluate(() => document.querySelector('video')!.pause());
    await expect
      .poll(() => overlayText(ben), MEDIA)
      .toContain('Only the host can control playback');
    await vi.waitFor(async () => expect((await sampleVideo(ben)).paused).toBe(false), MEDIA);
    // Ana never stopped.
    for (let i = 0; i < 5; i++) {
      expect((await sampleVideo(ana)).paused).toBe(false);
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    await vi.waitFor(
      async () => expect(Math.abs(await positionGap(ana, ben))).toBeLessThan(IN_SYNC_S),
      MEDIA,
    );
    // The host still controls: her pause reaches Ben.
    await ana.evaluate(() => document.querySelector('video')!.pause());
    await expect.poll(async () => (await sampleVideo(ben)).paused, MEDIA).toBe(true);
    await ana.evaluate(() => document.querySelector('video')!.play());
    await expect.poll(async () => (await sampleVideo(ben)).paused, MEDIA).toBe(false);
  });

  it('floats a reaction over the video for everyone', async () => {
    // Decoration, hidden from the accessibility tree: read from the overlay's DOM.
    const floating = (tab: Page) => overlay(tab).domText('.floating-reaction');
    await overlay(ben).click(button('React 🔥'));
    await expect
      .poll(() => floating(ana), { timeout: 1500, interval: 50 })
      .toContainEqual(expect.stringContaining('🔥'));
    await expect
      .poll(() => floating(ben), { timeout: 1500, interval: 50 })
      .toContainEqual(expect.stringContaining('🔥'));
    // It goes away after a couple of seconds.
    await expect.poll(() => floating(ana), { timeout: 4000, interval: 100 }).toEqual([]);
  });

  it('follows the page: theme, a narrow window, full screen and the keyboard', async () => {
    const panel = async () => {
      const drawn = await overlay(ana).attributes({ role: 'complementary', name: 'We Watch' });
      const toggle = await overlay(ana).waitFor(TOGGLE);
      return {
        theme: drawn['data-theme'],
        place: drawn['data-place'],
        expanded: String(toggle.expanded),
        toggle: toggle.name,
        // The shadow host itself is part of the page.
        inFullscreen: await ana.evaluate(
          () =>
            document.fullscreenElement?.contains(document.querySelector('we-watch-overlay')) ??
            false,
        ),
        focused: (await overlay(ana).focused())?.name ?? null,
      };
    };
    expect(await panel()).toMatchObject({ theme: 'light', place: 'side', expanded: 'true' });
    await ana.evaluate(() => document.documentElement.setAttribute('dark', ''));
    await expect.poll(async () => (await panel()).theme, MEDIA).toBe('dark');

    // Escape folds the panel and leaves the focus on its toggle; Enter opens it again.
    await overlay(ana).focus({ role: 'textbox', name: 'Message' });
    await overlay(ana).press('Escape');
    await expect.poll(panel, MEDIA).toMatchObject({ expanded: 'false', focused: 'Show' });
    await overlay(ana).press('Enter');
    await expect.poll(async () => (await panel()).expanded, MEDIA).toBe('true');

    // Too narrow to sit beside the player: a handle until opened.
    await ana.setViewportSize({ width: 800, height: 600 });
    await expect.poll(panel, MEDIA).toMatchObject({ place: 'narrow', expanded: 'false' });
    expect((await panel()).toggle).toMatch(/^Chat/);
    await ana.setViewportSize({ width: 1280, height: 720 });
    await expect.poll(panel, MEDIA).toMatchObject({ place: 'side', expanded: 'true' });

    // Full screen shows only what is inside the full-screen element: the overlay moves in.
    await ana.evaluate(() => document.querySelector('#movie_player')!.requestFullscreen());
    await expect
      .poll(panel, MEDIA)
      .toMatchObject({ place: 'fullscreen', inFullscreen: true, expanded: 'false' });
    await overlay(ana).click(TOGGLE);
    await expect.poll(async () => (await panel()).expanded, MEDIA).toBe('true');
    expect(await overlayText(ana)).toContain('Hello from Ana');
    await ana.evaluate(() => document.exitFullscreen());
    await expect.poll(panel, MEDIA).toMatchObject({ place: 'side', inFullscreen: false });
    expect(
      await ana.evaluate(() => document.querySelector('we-watch-overlay')!.parentElement?.tagName),
    ).toBe('BODY');
    expect((await sampleVideo(ana)).paused).toBe(false);
  });

  it('tells a member who sends too fast to slow down', async () => {
    for (let n = 0; n < 8; n++) {
      await overlay(ben).fill('Message', `burst ${n}`);
      await overlay(ben).click(button('Send'));
    }
    await expect
      .poll(() => overlayText(ben), MEDIA)
      .toContain('Slow down: you are sending messages too fast');
  });

  it('lets the host remove a member', async () => {
    await overlay(ana).click({ role: 'button', name: 'Remove', description: /^Ben/ });
    await expect.poll(() => overlayText(ben), MEDIA).toMatch(/The host removed you from this room/);
    await expect.poll(() => overlayText(ana), MEDIA).toContain('Ben left');
    await expect.poll(() => overlay(ana).names('listitem', MEMBERS), MEDIA).toHaveLength(1);
    expect((await overlay(ana).text(MEMBERS)).split('\n')[0]).toBe(`${PAYLOAD} (you)`);
  });
});
