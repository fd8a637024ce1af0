import { beforeEach, describe, expect, it, vi } from 'vitest';
import { browser } from 'wxt/browser';
import type { Library } from '../../../shared/protocol';
import { apiErrorText } from '../../common/error-text';
import { RELAY, fakeBackground, fakeRelay, playlist, refusal, video } from './popup-test-support';

// The popup's messages reach settings.ts, which reads the build's relay URL.
vi.hoisted(() => vi.stubGlobal('__RELAY_URL__', 'http://default.test'));

const onRelay: Library = { videos: [video(2), video(1)], playlists: [playlist(1, [1, 2])] };
const cached: Library = { videos: [video(1, 'As cached')], playlists: [] };

let libraryStore: typeof import('./library-store');
let cache: typeof import('./library-cache');
let updates: typeof import('./library-update');
let videos: typeof import('../../common/relay-library-api');
let relay: ReturnType<typeof fakeRelay>;

beforeEach(async () => {
  vi.resetModules();
  (browser as unknown as { reset(): void }).reset();
  fakeBackground();
  relay = fakeRelay(onRelay);
  vi.stubGlobal('fetch', relay.fetch);
  libraryStore = await import('./library-store');
  cache = await import('./library-cache');
  updates = await import('./library-update');
  videos = await import('../../common/relay-library-api');
});

describe('the popup library', () => {
  it("shows the cached copy at once, then the relay's, and caches that", async () => {
    await cache.writeCachedLibrary(RELAY, cached, 500);
    const store = libraryStore.createLibraryStore();
    await store.showRelay(RELAY);
    expect(store.state).toMatchObject({ relayUrl: RELAY, library: cached, savedAt: 500 });
    await store.refresh();
    expect(store.state).toMatchObject({ library: onRelay, offline: false, error: null });
    expect(store.state.savedAt).toBeGreaterThan(500);
    expect(await cache.readCachedLibrary(RELAY)).toEqual({
      library: onRelay,
      savedAt: store.state.savedAt,
    });
  });

  it('keeps the cached copy on screen when the relay cannot be reached', async () => {
    await cache.writeCachedLibrary(RELAY, cached, 500);
    relay.state.down = true;
    const store = libraryStore.createLibraryStore();
    await store.showRelay(RELAY);
    await store.refresh();
    expect(store.state).toMatchObject({ library: cached, savedAt: 500, offline: true });
    expect(store.state.error).toBeNull();
    const outcome = await store.act((url, session) =>
      videos.updateVideo(url, session, 1, { watchLater: true }),
    );
    expect(outcome).toMatchObject({ ok: false, kind: 'unreachable' });
    expect(!outcome.ok && outcome.error).toMatch(/Nothing was changed\.$/);
    relay.state.down = false;
    await store.refresh();
    expect(store.state).toMatchObject({ library: onRelay, offline: false });
  });

  it('says why a refresh failed when the relay answered with an error', async () => {
    relay.fetch.mockImplementationOnce(() => refusal(400, 'bad_request'));
    const store = libraryStore.createLibraryStore();
    await store.showRelay(RELAY);
    await store.refresh();
    expect(store.state).toMatchObject({
      library: null,
      offline: false,
      error: apiErrorText({ code: 'bad_request' }),
    });
    expect(store.state.loading).toBe(false);
  });

  it("folds the relay's answer into what is shown and cached", async () => {
    const store = libraryStore.createLibraryStore();
    await store.showRelay(RELAY);
    await store.refresh();
    const outcome = await store.act(
      (url, session) => videos.updateVideo(url, session, 1, { title: 'Renamed' }),
      updates.withVideo,
    );
    expect(outcome).toMatchObject({ ok: true, value: { id: 1, title: 'Renamed' } });
    const titles = store.state.library?.videos.map((v) => v.title);
    expect(titles).toEqual(['Video 2', 'Renamed']);
    expect((await cache.readCachedLibrary(RELAY))?.library.videos.map((v) => v.title)).toEqual(
      titles,
    );
  });

  it("does not let an older cached copy replace the relay's", async () => {
    await cache.writeCachedLibrary(RELAY, cached, 500);
    // The cached copy is read only after the relay answered.
    const area = browser.storage.local;
    const get = area.get.bind(area) as (keys: unknown) => Promise<Record<string, unknown>>;
    let release = () => {};
    const held = new Promise<void>((resolve) => (release = resolve));
    const slowGet = async (keys: unknown) => {
      const value = await get(keys);
      if (JSON.stringify(keys ?? null).includes('library:')) await held;
      return value;
    };
    // storage.get answers with a promise (its callback overload is what the rule sees).
    // eslint-disable-next-line @typescript-eslint/no-misused-promises
    vi.spyOn(area, 'get').mockImplementation(slowGet);
    const store = libraryStore.createLibraryStore();
    const shown = store.showRelay(RELAY);
    await store.refresh();
    release();
    await shown;
    expect(store.state.library).toEqual(onRelay);
  });

  it('tells its listeners of each change until they stop listening', async () => {
    const store = libraryStore.createLibraryStore();
    const heard: (Library | null)[] = [];
    const stop = store.subscribe((state) => heard.push(state.library));
    await store.showRelay(RELAY);
    await store.refresh();
    stop();
    store.change((library) => updates.withoutVideo(library, 1));
    expect(heard.at(-1)).toEqual(onRelay);
    expect(store.state.library?.videos.map((v) => v.id)).toEqual([2]);
  });
});
