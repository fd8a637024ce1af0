/**
 * Rebuffering the way youtube.com does it, on the DASH stream played through Media Source
 * Extensions: the same element and source throughout, the buffer running dry (`waiting`) and
 * filling again, and a quality switch that only resizes the picture. A short starvation is
 * absorbed, a long one holds the room, a switch changes nothing, and none of it is a seek storm.
 * @module
 */
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, beforeEach, describe, expect, inject, it, vi } from 'vitest';
import { positionGap, sampleVideo } from './support/player-probe';
import { startRoomSession, type PublishedState, type RoomSession } from './support/room-session';

const VIDEO = 'dashdashd06';
const MEDIA = { timeout: 10_000, interval: 50 };
/** Loose: the benchmark measures the real spread. */
const IN_SYNC_S = 0.15;

declare global {
  interface Window {
    /** What the element did since `countEvents()`: seeks and pauses, whoever caused them. */
    mediaCounts?: { seeking: number; pause: number; waiting: number };
  }
}

/** Starts counting the element's `seeking`, `pause` and `waiting` events afresh. */
function countEvents(tab: Page): Promise<void> {
  return tab.evaluate(() => {
    const video = document.querySelector<HTMLVideoElement>('#movie_player video')!;
    const counts = { seeking: 0, pause: 0, waiting: 0 };
    window.mediaCounts = counts;
    for (const name of ['seeking', 'pause', 'waiting'] as const)
      video.addEventListener(name, () => {
        if (window.mediaCounts === counts) counts[name]++;
      });
  });
}

function counts(tab: Page): Promise<{ seeking: number; pause: number; waiting: number }> {
  return tab.evaluate(() => window.mediaCounts ?? Promise.reject(new Error('not counting')));
}

describe('rebuffering on a stream fed through Media Source Extensions', () => {
  let session: RoomSession;
  let ana: Page;
  let ben: Page;
  let published: PublishedState[];

  const gap = async () => Math.abs(await positionGap(ana, ben));
  const bothPlayingInSync = () =>
    vi.waitFor(async () => {
      expect((await sampleVideo(ana)).paused).toBe(false);
      expect((await sampleVideo(ben)).paused).toBe(false);
      expect(await gap()).toBeLessThan(IN_SYNC_S);
    }, MEDIA);
  const holds = (from: number) =>
    published.slice(from).filter((p) => p.state.hold?.reason === 'buffering');
  /** Waits until the gap has stayed under `IN_SYNC_S` for a second; returns when it got there. */
  async function settledInSync(timeoutMs: number): Promise<number> {
    const start = Date.now();
    let inSince: number | null = null;
    while (Date.now() - start < timeoutMs) {
      const g = await gap();
      if (g < IN_SYNC_S) inSince ??= Date.now();
      else inSince = null;
      if (inSince !== null && Date.now() - inSince > 1000) return inSince - start;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    throw new Error(`still ${(await gap()).toFixed(3)} s apart after ${timeoutMs} ms`);
  }

  beforeAll(async () => {
    session = await startRoomSession(inject('redisUrl'), ['ana', 'ben']);
    const [anaPeer, benPeer] = session.peers;
    ana = await anaPeer!.openYouTube(`/watch?v=${VIDEO}`, { tab: anaPeer!.youtubeTab });
    ben = benPeer!.youtubeTab!;
    const key = await session.startRoom(anaPeer!, ana);
    published = await session.watch(key);
    await session.join(benPeer!, ben, key);
    await vi.waitFor(() => expect(ben.url()).toContain(VIDEO), MEDIA);
    await bothPlayingInSync();
    // Both play the stream itself, not a file.
    for (const tab of [ana, ben])
      expect(await tab.evaluate(() => document.querySelector('video')!.src)).toMatch(/^blob:/);
  });

  afterAll(async () => {
    await session?.close();
  });

  beforeEach(async ({ onTestFailed }) => {
    onTestFailed(() => {
      for (const peer of session.peers) console.log(`${peer.name} logs:\n${peer.logs.join('\n')}`);
      console.log(
        published
          .slice(-8)
          .map((p) => JSON.stringify(p))
          .join('\n'),
      );
    });
    await bothPlayingInSync();
    // Any correction left from the test before has landed.
    await settledInSync(10_000);
    await Promise.all([countEvents(ana), countEvents(ben)]);
  });

  it('absorbs a 600 ms starvation: no hold, no pause, at most one seek to catch up', async () => {
    const before = published.length;
    const { waitedMs } = await ben.evaluate(() => window.fakeYouTube.starve(600));
    const behind = await positionGap(ana, ben);
    const back = await settledInSync(8000);
    const [a, b] = await Promise.all([counts(ana), counts(ben)]);
    console.log(
      `600 ms starvation: ben waited ${waitedMs} ms, then stood ${(behind * 1000).toFixed(0)} ms from ana (+ ahead) ` +
        `as the stream played on, in sync ${back} ms after that; seeks ana ${a.seeking}, ` +
        `ben ${b.seeking}; ana paused ${a.pause}×; gap now ${((await gap()) * 1000).toFixed(1)} ms`,
    );
    expect(b.waiting).toBeGreaterThanOrEqual(1);
    expect(holds(before)).toEqual([]);
    expect(a.pause).toBe(0);
    expect(a.seeking).toBe(0);
    expect(b.seeking).toBeLessThanOrEqual(1);
    // Nudging the rate alone (5 % at most) would take 12 s to make up 600 ms.
    expect(back).toBeLessThan(4000);
  });

  it('holds the room for a 3 s starvation and resumes everyone together', async () => {
    const before = published.length;
    const starved = ben.evaluate(() => window.fakeYouTube.starve(3000));
    await vi.waitFor(() => expect(holds(before).length).toBeGreaterThan(0), MEDIA);
    const heldAt = Date.now();
    await expect.poll(async () => (await sampleVideo(ana)).paused, MEDIA).toBe(true);
    const { waitedMs } = await starved;
    await bothPlayingInSync();
    const resumedAfter = Date.now() - heldAt;
    const back = await settledInSync(8000);
    const [a, b] = await Promise.all([counts(ana), counts(ben)]);
    console.log(
      `3 s starvation: ben waited ${waitedMs} ms; room held ${resumedAfter} ms; in sync ` +
        `${back} ms after both played; seeks ana ${a.seeking}, ben ${b.seeking}; ` +
        `ana paused ${a.pause}×; gap now ${((await gap()) * 1000).toFixed(1)} ms`,
    );
    expect(holds(before).length).toBe(1);
    expect(a.pause).toBe(1);
    // The hold itself may put each on its position once; no corrections after.
    expect(a.seeking).toBeLessThanOrEqual(1);
    expect(b.seeking).toBeLessThanOrEqual(2);
  });

  it('switches quality mid-play without a hold, a seek or a load', async () => {
    const before = published.length;
    const loads = await ben.evaluate(() => {
      const video = document.querySelector('video')!;
      const seen = { loadstart: 0 };
      video.addEventListener('loadstart', () => seen.loadstart++);
      return window.fakeYouTube.setQuality('360p').then((size) => ({ ...seen, ...size }));
    });
    await new Promise((resolve) => setTimeout(resolve, 1500));
    const [a, b] = await Promise.all([counts(ana), counts(ben)]);
    const g = await gap();
    console.log(
      `quality switch: ben now ${loads.width}×${loads.height}, ${loads.loadstart} loads; ` +
        `seeks ana ${a.seeking}, ben ${b.seeking}; gap ${(g * 1000).toFixed(1)} ms`,
    );
    expect(loads).toMatchObject({ width: 640, height: 360, loadstart: 0 });
    expect(published.slice(before).filter((p) => p.state.hold !== null)).toEqual([]);
    expect(a.seeking + b.seeking).toBe(0);
    expect(g).toBeLessThan(IN_SYNC_S);
  });
});
