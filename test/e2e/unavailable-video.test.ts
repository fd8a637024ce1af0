/**
 * A member YouTube will not play the room's video to: Ben's browser says it is in Germany (the
 * `PREF` cookie's `gl`, as YouTube reads it), where the uploader blocked the video, so his watch
 * page shows YouTube's error screen. His overlay says why, the others see his status, a seek by
 * another member resumes the room without waiting for him, chat still works, and once the video
 * plays for him (his browser in another country, the page reloaded) he joins in, in sync. In a
 * playlist room, moving to a video he cannot play does not wait for him, and moving on to one he
 * can takes him along.
 * @module
 */
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, beforeEach, describe, expect, inject, it, vi } from 'vitest';
import { LOAD_HOLD_CAP_MS, SEEK_HOLD_CAP_MS } from '../../shared/protocol';
import type { Peer } from './support/browser';
import { overlay } from './support/overlay-driver';
import { positionGap, readOverlay, sampleVideo } from './support/player-probe';
import { createPlaylist } from './support/playlists';
import { saveScreenshot } from './support/screenshot';
import { startRoomSession, type PublishedState, type RoomSession } from './support/room-session';

const BLOCKED_IN_GERMANY = 'geoblocked6';
const MEDIA = { timeout: 10_000, interval: 50 };
const IN_SYNC_S = 0.15;
const UNAVAILABLE = "This video isn't available to you, so you can't watch along";

/** The browser's country, as YouTube's `PREF` cookie carries it. */
function inCountry(peer: Peer, country: string): Promise<void> {
  return peer.context.addCookies([
    { name: 'PREF', value: `gl=${country}`, domain: '.youtube.com', path: '/', secure: true },
  ]);
}

describe('a member who cannot play the video', () => {
  let session: RoomSession;
  let ana: Page;
  let ben: Page;
  let cleo: Page;
  let key: string;
  let benId: string;
  let published: PublishedState[];
  const overlayText = async (tab: Page) => (await readOverlay(tab))?.text ?? '';

  beforeAll(async () => {
    session = await startRoomSession(inject('redisUrl'), ['ana', 'ben', 'cleo']);
    const [anaPeer, benPeer, cleoPeer] = session.peers as [Peer, Peer, Peer];
    for (const [peer, name] of [
      [anaPeer, 'Ana'],
      [benPeer, 'Ben'],
      [cleoPeer, 'Cleo'],
    ] as const)
      await session.withPopup(peer, peer.youtubeTab!, async (popup) => {
        await popup.fill('Nickname', name);
        await popup.click('button', 'Save nickname');
        await popup.waitForText('Nickname saved');
      });
    await inCountry(benPeer, 'DE');
    ana = await anaPeer.openYouTube(`/watch?v=${BLOCKED_IN_GERMANY}`, { tab: anaPeer.youtubeTab });
    ben = benPeer.youtubeTab!;
    cleo = cleoPeer.youtubeTab!;
    await vi.waitFor(async () => expect((await sampleVideo(ana)).time).toBeGreaterThan(0.5), MEDIA);
    key = await session.startRoom(anaPeer, ana);
    published = await session.watch(key);
    const before = await session.memberIds(key);
    await session.join(benPeer, ben, key);
    await vi.waitFor(() => expect(ben.url()).toContain(BLOCKED_IN_GERMANY), MEDIA);
    await vi.waitFor(async () => expect(await session.memberIds(key)).toHaveLength(2), MEDIA);
    benId = (await session.memberIds(key)).find((id) => !before.includes(id))!;
    await session.join(cleoPeer, cleo, key);
    await vi.waitFor(() => expect(cleo.url()).toContain(BLOCKED_IN_GERMANY), MEDIA);
  });

  afterAll(async () => {
    await session?.close();
  });

  beforeEach(({ onTestFailed }) => {
    onTestFailed(() => {
      for (const peer of session.peers) console.log(`${peer.name} logs:\n${peer.logs.join('\n')}`);
      console.log(
        published
          .slice(-8)
          .map((p) => JSON.stringify(p))
          .join('\n'),
      );
    });
  });

  it("shows YouTube's error screen to the blocked member only", async () => {
    const screen = await ben.evaluate(() => ({
      unavailable: document.querySelector('ytd-watch-flexy')!.hasAttribute('player-unavailable'),
      reason: document.querySelector('#movie_player .ytp-error-content-wrap-reason')?.textContent,
      source: document.querySelector('video')!.currentSrc,
    }));
    expect(screen).toEqual({ unavailable: true, reason: 'Video unavailable', source: '' });
    for (const tab of [ana, cleo])
      expect(await tab.evaluate(() => document.querySelector('.ytp-error'))).toBeNull();
  });

  it("tells the blocked member why, in the overlay, with YouTube's reason", async () => {
    await expect.poll(() => overlayText(ben), MEDIA).toContain(UNAVAILABLE);
    const text = await overlayText(ben);
    expect(text).toMatch(
      /YouTube says:\s*Video unavailable\. The uploader has not made this video available in your country/,
    );
    expect(text).toContain('The room goes on without waiting for you');
    await ben.setViewportSize({ width: 1280, height: 720 });
    const png = await ben.screenshot();
    await saveScreenshot('unavailable-video.png', png);
    expect(png.byteLength).toBeGreaterThan(10_000);
  });

  it('shows the others that he cannot play this video', async () => {
    for (const tab of [ana, cleo])
      await expect.poll(() => overlayText(tab), MEDIA).toMatch(/Ben\s*Can't play this video/);
    // And the two who can play are in sync.
    await expect.poll(() => overlayText(ana), MEDIA).toMatch(/Ana \(you\)\s*In sync/);
  });

  it('resumes a seek at once, without waiting for him', async () => {
    await vi.waitFor(async () => {
      expect((await sampleVideo(ana)).paused).toBe(false);
      expect((await sampleVideo(cleo)).paused).toBe(false);
    }, MEDIA);
    const before = published.length;
    const seekedAt = Date.now();
    await cleo.evaluate(() => {
      document.querySelector('video')!.currentTime = 20;
    });
    await vi.waitFor(async () => {
      for (const tab of [ana, cleo]) {
        const sample = await sampleVideo(tab);
        expect(sample.paused).toBe(false);
        expect(sample.time).toBeGreaterThan(20.1);
      }
    }, MEDIA);
    const resumedIn = Date.now() - seekedAt;
    await expect
      .poll(async () => Math.abs(await positionGap(ana, cleo)), MEDIA)
      .toBeLessThan(IN_SYNC_S);
    const gap = await positionGap(ana, cleo);
    console.log(
      `seek with a blocked member: playing again after ${resumedIn} ms (hold cap ${SEEK_HOLD_CAP_MS} ms); ` +
        `Ana ${(await sampleVideo(ana)).time.toFixed(2)} s, Cleo ahead by ${gap.toFixed(3)} s`,
    );
    expect(resumedIn).toBeLessThan(SEEK_HOLD_CAP_MS / 2);
    // The seek's hold asked for him too, and he let it go himself, long before its cap.
    const states = published.slice(before);
    const hold = states.find((p) => p.state.hold?.reason === 'seek')?.state.hold;
    expect(hold?.waitingFor).toContain(benId);
    expect(states.some((p) => p.by === benId && !p.state.hold?.waitingFor.includes(benId))).toBe(
      true,
    );
    // Nor did he ever stall the room: a player with nothing to play is not buffering.
    expect(
      published.filter(
        (p) => p.state.hold?.reason === 'buffering' && p.state.hold.waitingFor.includes(benId),
      ),
    ).toEqual([]);
  });

  it('keeps him in the room: chat still works', async () => {
    const text = `Cannot see it here ${Date.now()}`;
    await overlay(ben).fill('Message', text);
    await overlay(ben).press('Enter');
    await expect
      .poll(() => overlay(ana).text({ role: 'log', name: 'Chat messages' }), MEDIA)
      .toContain(text);
  });

  it('joins him in, in sync, once the video plays for him', async () => {
    await inCountry(session.peers[1]!, 'US');
    const reloadedAt = Date.now();
    await ben.reload();
    await vi.waitFor(async () => {
      expect((await sampleVideo(ben)).paused).toBe(false);
      expect(Math.abs(await positionGap(ana, ben))).toBeLessThan(IN_SYNC_S);
    }, MEDIA);
    console.log(`playable again: Ben in sync ${Date.now() - reloadedAt} ms after reloading`);
    await expect.poll(() => overlayText(ben), MEDIA).not.toContain(UNAVAILABLE);
    await expect.poll(() => overlayText(ana), MEDIA).toMatch(/Ben\s*In sync/);
    expect(Math.abs(await positionGap(cleo, ben))).toBeLessThan(IN_SYNC_S);
  });

  it('moves a playlist room on without him, and takes him along to a video he can play', async () => {
    const peers = session.peers;
    await inCountry(peers[1]!, 'DE');
    const playlist = await createPlaylist(session.relay.url, [
      { youtubeId: 'aaaaaaaaaa1', title: 'Sync Test Pattern A' },
      { youtubeId: BLOCKED_IN_GERMANY, title: 'Regional Broadcast' },
    ]);
    const states = await session.watch(playlist);
    const ids: string[] = [];
    for (const [peer, tab] of [
      [peers[0]!, ana],
      [peers[1]!, ben],
      [peers[2]!, cleo],
    ] as const) {
      await session.join(peer, tab, playlist);
      await vi.waitFor(
        async () => expect(await session.memberIds(playlist)).toHaveLength(ids.length + 1),
        MEDIA,
      );
      ids.push((await session.memberIds(playlist)).find((id) => !ids.includes(id))!);
    }
    const benInPlaylist = ids[1]!;
    const allPlayingInSync = (tabs: Page[]) =>
      vi.waitFor(
        async () => {
          for (const tab of tabs) {
            expect(tab.url()).toContain('aaaaaaaaaa1');
            expect((await sampleVideo(tab)).paused).toBe(false);
            expect(Math.abs(await positionGap(ana, tab))).toBeLessThan(IN_SYNC_S);
          }
        },
        { timeout: 20_000, interval: 50 },
      );
    // A room made by joining a playlist's key starts paused at the top: Ana presses play.
    await vi.waitFor(() => expect(ana.url()).toContain('aaaaaaaaaa1'), MEDIA);
    await ana.evaluate(() =>
      document.querySelector<HTMLVideoElement>('#movie_player video')!.play(),
    );
    await allPlayingInSync([ben, cleo]);

    const movedAt = Date.now();
    await overlay(ana).click({ role: 'button', name: 'Next' });
    await vi.waitFor(
      async () => {
        for (const tab of [ana, cleo]) {
          expect(tab.url()).toContain(BLOCKED_IN_GERMANY);
          const sample = await sampleVideo(tab);
          expect(sample.paused).toBe(false);
          expect(sample.time).toBeGreaterThan(0.2);
        }
      },
      { timeout: 20_000, interval: 50 },
    );
    const movedIn = Date.now() - movedAt;
    console.log(
      `playlist to a video he cannot play: Ana and Cleo playing after ${movedIn} ms ` +
        `(load hold cap ${LOAD_HOLD_CAP_MS} ms); Cleo ahead by ${(await positionGap(ana, cleo)).toFixed(3)} s`,
    );
    expect(movedIn).toBeLessThan(LOAD_HOLD_CAP_MS / 2);
    await expect.poll(() => overlayText(ben), MEDIA).toContain(UNAVAILABLE);
    const load = states.find((p) => p.state.hold?.reason === 'load')?.state.hold;
    // The move waited for Ben too; on the page that will not play, he let it go at once.
    expect(load?.waitingFor).toContain(benInPlaylist);
    expect(ben.url()).toContain(BLOCKED_IN_GERMANY);
    expect(
      await ben.evaluate(() => document.querySelector('#movie_player .ytp-error') !== null),
    ).toBe(true);

    const backAt = Date.now();
    await overlay(ana).click({ role: 'button', name: 'Previous' });
    await allPlayingInSync([ben, cleo]);
    console.log(
      `playlist back to a video he can play: all in sync after ${Date.now() - backAt} ms`,
    );
    await expect.poll(() => overlayText(ben), MEDIA).not.toContain(UNAVAILABLE);
  });
});
