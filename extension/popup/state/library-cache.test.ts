import { beforeEach, describe, expect, it } from 'vitest';
import { browser } from 'wxt/browser';
import { readCachedLibrary, writeCachedLibrary } from './library-cache';
import { playlist, video } from './popup-test-support';

const A = 'https://relay-a.test';
const B = 'https://relay-b.test';

beforeEach(() => {
  (browser as unknown as { reset(): void }).reset();
});

describe('the cached library', () => {
  it('is none on a fresh install', async () => {
    expect(await readCachedLibrary(A)).toBeNull();
  });

  it('is kept per relay URL', async () => {
    const mine = { videos: [video(1)], playlists: [playlist(1, [1])] };
    await writeCachedLibrary(A, mine, 1234);
    expect(await readCachedLibrary(A)).toEqual({ savedAt: 1234, library: mine });
    expect(await readCachedLibrary(B)).toBeNull();
  });

  it('reads what the released version cached, and not what it cannot check', async () => {
    const mine = { videos: [video(2)], playlists: [] };
    await browser.storage.local.set({
      [`library:${A}`]: { savedAt: 99, library: mine },
      [`library:${B}`]: { savedAt: 99, library: { videos: [{ id: 'one' }], playlists: [] } },
    });
    expect(await readCachedLibrary(A)).toEqual({ savedAt: 99, library: mine });
    expect(await readCachedLibrary(B)).toBeNull();
  });
});
