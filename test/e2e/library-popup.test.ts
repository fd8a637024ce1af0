/**
 * The popup as the place where a user's library lives: the real toolbar popup over the fake
 * youtube.com, with the built extension, a real relay and Redis. Saves, searches, watch later,
 * playlists reordered by keyboard, delete with Undo, and screenshots of the Room, Library and
 * Playlists tabs (for the README with `UPDATE_SCREENSHOTS=1`); the Library's must not be blank.
 * @module
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, inject, it } from 'vitest';
import type { Library } from '../../shared/protocol';
import type { Peer } from './support/browser';
import { readOverlay, sampleVideo } from './support/player-probe';
import type { PopupDriver } from './support/popup';
import { startRoomSession, type RoomSession } from './support/room-session';
import { saveScreenshot } from './support/screenshot';

const WAIT = { timeout: 5_000, interval: 100 };

/** The library as the relay holds it, asked with the session the background gives the popup. */
function serverLibrary(popup: PopupDriver): Promise<Library> {
  return popup.evaluate<Library>(`(async () => {
    const answer = await chrome.runtime.sendMessage({ method: 'session' });
    if (!answer.ok) throw new Error(answer.error);
    const response = await fetch(answer.value.relayUrl + '/api/library', {
      headers: { Authorization: 'Bearer ' + answer.value.session },
    });
    return response.json();
  })()`);
}

const titles = (library: Library) => library.videos.map((video) => video.title);
const savedVideos = { within: { role: 'list', name: 'Saved videos' } };

describe('library in the popup', () => {
  let session: RoomSession;
  let ana: Peer;
  let tab: Page;
  const timings: string[] = [];
  let started = 0;
  const withPopup = <T>(use: (popup: PopupDriver) => Promise<T>) =>
    session.withPopup(ana, tab, use);

  beforeAll(async () => {
    session = await startRoomSession(inject('redisUrl'), ['ana']);
    [ana] = session.peers as [Peer];
    tab = ana.youtubeTab!;
  });

  afterAll(async () => {
    console.log(`library popup e2e timings:\n  ${timings.join('\n  ')}`);
    await session?.close();
  });

  beforeEach(({ onTestFailed }) => {
    started = Date.now();
    onTestFailed(() => console.log(`ana logs:\n${ana.logs.join('\n')}`));
  });

  afterEach(({ task }) => {
    timings.push(`${task.name}: ${Date.now() - started} ms`);
  });

  it('saves the video in front to the library, once', async () => {
    await ana.openYouTube('/watch?v=aaaaaaaaaa1', { tab });
    await withPopup(async (popup) => {
      await popup.click('button', 'Save');
      await popup.waitForText('Saved to your library');
      await popup.click('button', 'Save');
      await popup.waitForText('Already in your library');
      const library = await serverLibrary(popup);
      expect(library.videos).toHaveLength(1);
      expect(library.videos[0]).toMatchObject({
        youtubeId: 'aaaaaaaaaa1',
        title: 'Sync Test Pattern A',
        channel: 'We Watch Tests',
        watchLater: false,
      });
    });
    for (const id of ['ccccccccc03', 'dddddddddd4']) {
      await ana.openYouTube(`/watch?v=${id}`, { tab });
      await withPopup(async (popup) => {
        await popup.click('button', 'Save');
        await popup.waitForText('Saved to your library');
      });
    }
  });

  it('lists the library newest first and filters it by search, instantly', async () => {
    await withPopup(async (popup) => {
      await popup.click('tab', 'Library');
      await expect
        .poll(() => popup.names('listitem', savedVideos), WAIT)
        .toEqual(['Short Clip D', 'Short Clip C', 'Sync Test Pattern A']);
      expect(await popup.text()).toContain('Clips & Co');
      await popup.fill('Search library', 'SHORT clip');
      expect(await popup.names('listitem', savedVideos)).toEqual(['Short Clip D', 'Short Clip C']);
      // The channel counts too.
      await popup.fill('Search library', 'we watch');
      expect(await popup.names('listitem', savedVideos)).toEqual(['Sync Test Pattern A']);
      await popup.fill('Search library', 'no such thing');
      await popup.waitForText('No saved video matches “no such thing”');
    });
  });

  it('marks a video to watch later and filters on it', async () => {
    await withPopup(async (popup) => {
      await popup.click('tab', 'Library');
      const entry = { within: { role: 'listitem', name: 'Short Clip C' } };
      expect(await popup.isPressed('button', 'Watch later', entry)).toBe(false);
      await popup.click('button', 'Watch later', entry);
      await expect.poll(() => popup.isPressed('button', 'Watch later', entry), WAIT).toBe(true);
      await popup.click('checkbox', 'Watch later only');
      await expect.poll(() => popup.names('listitem', savedVideos), WAIT).toEqual(['Short Clip C']);
      const library = await serverLibrary(popup);
      expect(library.videos.filter((v) => v.watchLater).map((v) => v.title)).toEqual([
        'Short Clip C',
      ]);
    });
  });

  it('creates a playlist, adds videos and reorders them by keyboard', async () => {
    await withPopup(async (popup) => {
      await popup.click('tab', 'Playlists');
      await popup.waitForText('No playlists yet');
      await popup.fill('Playlist name', 'Friday night');
      await popup.click('button', 'Create playlist');
      await popup.waitForText('Created “Friday night”.');
      for (const title of ['Short Clip C', 'Short Clip D', 'Sync Test Pattern A']) {
        await popup.choose('Add from library', title);
        await popup.click('button', 'Add');
        await popup.waitForText(`Added “${title}” to “Friday night”.`);
      }
      const items = { within: { role: 'list', name: 'Videos in Friday night' } };
      await expect
        .poll(() => popup.names('listitem', items), WAIT)
        .toEqual(['Short Clip C', 'Short Clip D', 'Sync Test Pattern A']);

      const pattern = { within: { role: 'listitem', name: 'Sync Test Pattern A' } };
      await popup.focus('button', 'Move up', pattern);
      await popup.press('Enter');
      await expect
        .poll(() => popup.names('listitem', items), WAIT)
        .toEqual(['Short Clip C', 'Sync Test Pattern A', 'Short Clip D']);
      expect(await popup.focused()).toEqual({ text: 'Move up', item: 'Sync Test Pattern A' });
      await popup.press('Enter');
      await expect
        .poll(() => popup.names('listitem', items), WAIT)
        .toEqual(['Sync Test Pattern A', 'Short Clip C', 'Short Clip D']);
      // At the top Move up is disabled: focus stays on the item, on Move down.
      expect(await popup.focused()).toEqual({ text: 'Move down', item: 'Sync Test Pattern A' });
      await popup.press('Enter');

      const expected = ['Short Clip C', 'Sync Test Pattern A', 'Short Clip D'];
      await expect.poll(() => popup.names('listitem', items), WAIT).toEqual(expected);
      await expect
        .poll(async () => {
          const library = await serverLibrary(popup);
          const title = new Map(library.videos.map((v) => [v.id, v.title]));
          return library.playlists[0]?.items.map((id) => title.get(id));
        }, WAIT)
        .toEqual(expected);
      expect(await popup.text()).toContain('3 videos');
      await saveScreenshot('popup-playlists.png', await popup.screenshot());
    });
  });

  it('deletes a video with Undo, also after the popup reopens', async () => {
    const entry = (name: string) => ({ within: { role: 'listitem', name } });
    await withPopup(async (popup) => {
      await popup.click('tab', 'Library');
      await popup.click('button', 'Delete', entry('Short Clip D'));
      await popup.waitForText('Deleted “Short Clip D”.');
      expect(await popup.names('listitem', savedVideos)).not.toContain('Short Clip D');
      await expect
        .poll(async () => titles(await serverLibrary(popup)), WAIT)
        .not.toContain('Short Clip D');
      await popup.click('button', 'Undo');
      await popup.waitForText('Restored “Short Clip D”.');
      await expect
        .poll(() => popup.names('listitem', savedVideos), WAIT)
        .toEqual(['Short Clip D', 'Short Clip C', 'Sync Test Pattern A']);
      expect(titles(await serverLibrary(popup))).toContain('Short Clip D');

      await popup.click('button', 'Delete', entry('Sync Test Pattern A'));
      await popup.waitForText('Deleted “Sync Test Pattern A”.');
    });
    await withPopup(async (popup) => {
      await popup.waitForText('Deleted “Sync Test Pattern A”.');
      await popup.click('button', 'Undo');
      await popup.waitForText('Restored “Sync Test Pattern A”.');
      expect(titles(await serverLibrary(popup))).toContain('Sync Test Pattern A');
    });
  });

  it('imports a library file and reports what it skipped; refuses a file that is not one', async () => {
    const dir = resolve(import.meta.dirname, '../../test-results');
    await mkdir(dir, { recursive: true });
    const good = resolve(dir, 'import-library.json');
    const bad = resolve(dir, 'import-not-json.json');
    await writeFile(
      good,
      JSON.stringify({
        format: 'we-watch-library',
        version: 1,
        videos: [
          { youtubeId: 'bbbbbbbbbb2', title: 'Sync Test Pattern B', channel: 'Second Channel' },
          { youtubeId: 'ccccccccc03', title: 'Short Clip C' },
          { youtubeId: 'not an id', title: 'Broken' },
        ],
        playlists: [{ title: 'Imported', items: ['bbbbbbbbbb2', 'ccccccccc03'] }],
      }),
    );
    await writeFile(bad, 'this is not JSON');
    await withPopup(async (popup) => {
      await popup.click('tab', 'Library');
      await popup.chooseFiles('Import library', [bad]);
      await popup.waitForText('is not a We Watch library file: it is not JSON.');
      await popup.chooseFiles('Import library', [good]);
      await popup.waitForText('Imported “import-library.json”.');
      const report = await popup.waitForText(/Skipped 1 entry/);
      expect(report).toContain('Added 1 video (1 was already saved) and 1 playlist.');
      expect(report).toContain('videos[2]');
      await expect
        .poll(() => popup.names('listitem', savedVideos), WAIT)
        .toContain('Sync Test Pattern B');
    });
  });

  it('starts a room from a playlist: a new tab plays its queue, shown beside the video', async () => {
    const opened = ana.context.waitForEvent('page');
    await withPopup(async (popup) => {
      await popup.click('tab', 'Playlists');
      await popup.click('button', 'Start room', {
        within: { role: 'listitem', name: 'Friday night' },
      });
    });
    const roomTab = await opened;
    const ROOM = { timeout: 15_000, interval: 100 };
    // The playlist was reordered above: Short Clip C comes first.
    await expect.poll(() => roomTab.url(), ROOM).toContain('/watch?v=ccccccccc03');
    await expect
      .poll(async () => (await readOverlay(roomTab))?.text ?? '', ROOM)
      .toContain('1 of 3');
    await expect.poll(async () => (await sampleVideo(roomTab)).paused, ROOM).toBe(false);
    // The Room tab over the room's tab: the playlist room, its invite key and link.
    await session.withPopup(ana, roomTab, async (popup) => {
      await expect
        .poll(() => popup.text(), ROOM)
        .toMatch(/In a room watching Short Clip C from the playlist Friday night(?! \()/);
      await saveScreenshot('popup-room.png', await popup.screenshot());
    });
    await roomTab.close();
  });

  it('draws the Library tab (screenshot is not blank)', async () => {
    await withPopup(async (popup) => {
      await popup.click('tab', 'Library');
      await expect.poll(() => popup.names('listitem', savedVideos), WAIT).toHaveLength(4);
      const png = await popup.screenshot();
      await saveScreenshot('popup-library.png', png);
      // Decoded by the browser itself: how many colours, and how much differs from the corner.
      const drawn = await popup.evaluate<{
        width: number;
        colours: number;
        inked: number;
      }>(`(async () => {
        const image = new Image();
        image.src = 'data:image/png;base64,${png.toString('base64')}';
        await image.decode();
        const canvas = new OffscreenCanvas(image.width, image.height);
        const context = canvas.getContext('2d');
        context.drawImage(image, 0, 0);
        const { data } = context.getImageData(0, 0, image.width, image.height);
        const colours = new Set();
        let inked = 0;
        for (let i = 0; i < data.length; i += 4) {
          colours.add((data[i] << 16) | (data[i + 1] << 8) | data[i + 2]);
          if (Math.abs(data[i] - data[0]) + Math.abs(data[i + 1] - data[1]) + Math.abs(data[i + 2] - data[2]) > 60) inked++;
        }
        return { width: image.width, colours: colours.size, inked: inked / (data.length / 4) };
      })()`);
      expect(drawn.width).toBeGreaterThan(300);
      expect(drawn.colours).toBeGreaterThan(16);
      expect(drawn.inked).toBeGreaterThan(0.01);
    });
  });
});
