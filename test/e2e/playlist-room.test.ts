/**
 * A playlist room in real Chromium: two members joined by the playlist's key play its queue; when
 * a short video ends both arrive on the next one together, and the overlay's queue moves everyone.
 * @module
 */
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it, vi } from 'vitest';
import type { RoomState } from '../../shared/protocol';
import { overlay } from './support/overlay-driver';
import { createPlaylist } from './support/playlists';
import { positionGap, readOverlay, sampleVideo } from './support/player-probe';
import { startRoomSession, type PublishedState, type RoomSession } from './support/room-session';

const SHORT_C = { youtubeId: 'ccccccccc03', title: 'Short Clip C' };
const SHORT_D = { youtubeId: 'dddddddddd4', title: 'Short Clip D' };
/** Reloading a page and loading its video takes a while on a busy 2-core machine. */
const ARRIVAL = { timeout: 20_000, interval: 50 };
const IN_SYNC_S = 0.15;

declare global {
  interface Window {
    /** `Date.now()` when this page's video was first playing 250 ms in. */
    arrivedAt?: Promise<number>;
  }
}

describe('a playlist room', () => {
  let session: RoomSession;
  let ana: Page;
  let ben: Page;
  let key: string;
  let published: PublishedState[];

  // vi.waitFor rather than expect.poll: this also runs in beforeAll.
  const onVideo = (tab: Page, youtubeId: string) =>
    vi.waitFor(() => expect(tab.url()).toContain(`/watch?v=${youtubeId}`), ARRIVAL);
  const bothPlayingInSync = () =>
    vi.waitFor(async () => {
      expect((await sampleVideo(ana)).paused).toBe(false);
      expect((await sampleVideo(ben)).paused).toBe(false);
      expect(Math.abs(await positionGap(ana, ben))).toBeLessThan(IN_SYNC_S);
    }, ARRIVAL);
  const moves = (from: number) =>
    published
      .slice(from)
      .map(({ state }) => state)
      .filter((state: RoomState) => state.hold?.reason === 'load' && state.hold.id === state.rev);

  beforeAll(async () => {
    session = await startRoomSession(inject('redisUrl'), ['ana', 'ben']);
    const [anaPeer, benPeer] = session.peers;
    ana = anaPeer!.youtubeTab!;
    ben = benPeer!.youtubeTab!;
    key = await createPlaylist(session.relay.url, [SHORT_C, SHORT_D]);
    published = await session.watch(key);
    for (const tab of [ana, ben])
      await tab.addInitScript(() => {
        window.arrivedAt = new Promise((done) => {
          const check = () => {
            const video = document.querySelector<HTMLVideoElement>('#movie_player video');
            if (video && !video.paused && video.currentTime > 0.25) done(Date.now());
            else requestAnimationFrame(check);
          };
          check();
        });
      });
    await session.join(anaPeer!, ana, key);
    await session.join(benPeer!, ben, key);
    await onVideo(ana, SHORT_C.youtubeId);
    await onVideo(ben, SHORT_C.youtubeId);
  });

  afterAll(async () => {
    await session?.close();
  });

  it('shows the queue with the entry playing in the overlay', async () => {
    await vi.waitFor(async () => {
      const overlay = await readOverlay(ben);
      expect(overlay?.text).toContain('1 of 2');
      expect(overlay?.text).toContain(SHORT_D.title);
    }, ARRIVAL);
  });

  it('moves both members to the next video together when one ends', async () => {
    // Near the end of the 12 s clip, then play: the room runs it out.
    await ana.evaluate(() => {
      document.querySelector<HTMLVideoElement>('#movie_player video')!.currentTime = 9;
    });
    await vi.waitFor(async () => expect((await sampleVideo(ben)).time).toBeCloseTo(9, 0));
    const before = published.length;
    await ana.evaluate(() =>
      document.querySelector<HTMLVideoElement>('#movie_player video')!.play(),
    );
    await onVideo(ana, SHORT_D.youtubeId);
    await onVideo(ben, SHORT_D.youtubeId);
    const [a, b] = await Promise.all(
      [ana, ben].map((tab) =>
        tab.evaluate(() => window.arrivedAt ?? Promise.reject(new Error('no arrival probe'))),
      ),
    );
    console.log(`playlist advance: arrival skew ${Math.abs(a! - b!)} ms`);
    expect(Math.abs(a! - b!)).toBeLessThan(300);
    await bothPlayingInSync();
    // Both reached the end; the room moved once.
    expect(moves(before)).toHaveLength(1);
    expect(moves(before)[0]).toMatchObject({ item: 1, videoId: SHORT_D.youtubeId, position: 0 });
    await vi.waitFor(async () => expect((await readOverlay(ana))?.text).toContain('2 of 2'));
  });

  it('takes everyone back when a member picks Previous in the overlay', async () => {
    const before = published.length;
    await overlay(ben).click({ role: 'button', name: 'Previous' });
    await onVideo(ana, SHORT_C.youtubeId);
    await onVideo(ben, SHORT_C.youtubeId);
    await bothPlayingInSync();
    expect(moves(before)).toHaveLength(1);
    expect(moves(before)[0]).toMatchObject({ item: 0, videoId: SHORT_C.youtubeId });
  });
});
