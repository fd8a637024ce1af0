import { beforeEach, describe, expect, it, vi } from 'vitest';
import { browser } from 'wxt/browser';
import type { Library } from '../../../shared/protocol';
import type { Notice } from './notice';
import { apiErrorText } from '../../common/error-text';
import { RELAY, fakeBackground, fakeRelay, playlist, refusal, video } from './popup-test-support';

// The popup's messages reach settings.ts, which reads the build's relay URL.
vi.hoisted(() => vi.stubGlobal('__RELAY_URL__', 'http://default.test'));

const onRelay: Library = { videos: [video(2), video(1)], playlists: [playlist(1, [1, 2])] };

let relay: ReturnType<typeof fakeRelay>;
let notices: Notice[];
let store: import('./library-store').LibraryStore;
let deletes: typeof import('./undoable-delete');
let pendingUndo: typeof import('./pending-undo');

const shownIds = () => store.state.library?.videos.map((v) => v.id);
const last = () => notices.at(-1);

beforeEach(async () => {
  vi.resetModules();
  (browser as unknown as { reset(): void }).reset();
  fakeBackground();
  relay = fakeRelay(onRelay);
  vi.stubGlobal('fetch', relay.fetch);
  notices = [];
  deletes = await import('./undoable-delete');
  pendingUndo = await import('./pending-undo');
  store = (await import('./library-store')).createLibraryStore();
  await store.showRelay(RELAY);
  await store.refresh();
});

const undoable = () =>
  deletes.undoableDelete(RELAY, store, (notice) => notice && notices.push(notice));

describe('deleting a video', () => {
  it('leaves the list and its playlists at once, tells the relay, and offers Undo', async () => {
    const removing = undoable().remove('video', 1, 'Video 1');
    expect(shownIds()).toEqual([2]);
    expect(store.state.library?.playlists[0]?.items).toEqual([2]);
    await removing;
    expect(relay.state.library.videos.map((v) => v.id)).toEqual([2]);
    expect(last()).toMatchObject({ tone: 'info', message: 'Deleted “Video 1”.' });
    expect(await pendingUndo.readPendingUndo(RELAY)).toMatchObject({ kind: 'video', id: 1 });
  });

  it('Undo restores it, reloads the library and forgets the pending undo', async () => {
    await undoable().remove('video', 1, 'Video 1');
    last()?.undo?.();
    await vi.waitFor(() => expect(last()?.message).toBe('Restored “Video 1”.'));
    await vi.waitFor(() => expect(shownIds()).toEqual([2, 1]));
    expect(relay.calls.filter((c) => c.startsWith('GET /api/library'))).toHaveLength(2);
    expect(await pendingUndo.readPendingUndo(RELAY)).toBeNull();
  });

  it('comes back with the reason when the relay refuses the delete', async () => {
    relay.state.library.videos = [video(2)];
    await undoable().remove('video', 1, 'Video 1');
    expect(shownIds()).toEqual([2, 1]);
    expect(last()).toMatchObject({
      tone: 'error',
      message: apiErrorText({ code: 'video_not_found' }),
    });
    expect(await pendingUndo.readPendingUndo(RELAY)).toBeNull();
  });

  it('a failed Undo keeps the pending undo only while the relay cannot be reached', async () => {
    await undoable().remove('video', 1, 'Video 1');
    relay.state.down = true;
    last()?.undo?.();
    await vi.waitFor(() => expect(last()?.tone).toBe('error'));
    expect(await pendingUndo.readPendingUndo(RELAY)).not.toBeNull();
    relay.state.down = false;
    relay.fetch.mockImplementationOnce(() => refusal(409, 'saved_again'));
    notices[0]?.undo?.();
    await vi.waitFor(() => expect(last()?.message).toBe(apiErrorText({ code: 'saved_again' })));
    expect(await pendingUndo.readPendingUndo(RELAY)).toBeNull();
  });
});

describe('a delete made the last time the popup was open', () => {
  it('is offered again, on its own relay only', async () => {
    await undoable().remove('video', 1, 'Video 1');
    notices = [];
    await deletes
      .undoableDelete('https://other.test', store, (n) => n && notices.push(n))
      .offerPending();
    expect(notices).toEqual([]);
    await undoable().offerPending();
    expect(last()).toMatchObject({
      message: 'Deleted “Video 1”.',
      undo: expect.any(Function) as unknown,
    });
  });
});
