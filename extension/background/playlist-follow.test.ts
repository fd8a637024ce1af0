import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { FOLLOW_TIMEOUT_MS, followedTitle } from './playlist-follow';
import { acceptHello, startBackground, type Background } from './testing/background';
import { openVideoTab, type FakePort } from './testing/fake-tab';
import { inviteKey, roomState, welcome, type FakeSocket } from './testing/fake-relay';
import { watchUrl } from './youtube-tab';

vi.hoisted(() => vi.stubGlobal('__RELAY_URL__', 'http://relay.test'));

const FIRST = 'aaaaaaaaaaa';
const SECOND = 'bbbbbbbbbbb';
const THIRD = 'ccccccccccc';
const KEY = inviteKey(3);
const items = [
  { youtubeId: FIRST, title: 'Part one' },
  { youtubeId: SECOND, title: 'Part two' },
];

let bg: Background;

beforeEach(() => {
  bg = startBackground();
  bg.api.invites.set(KEY, { kind: 'playlist', title: 'Series', items });
});

afterEach(async () => {
  await bg.stop();
  vi.useRealTimers();
});

async function tabUrl(tabId: number) {
  return (await fakeBrowser.tabs.get(tabId)).url;
}

async function storedInfo(tabId: number) {
  const answer = await bg.ask({ method: 'status', tabId });
  return answer.ok ? answer.value.room?.info : undefined;
}

/** A tab in the playlist room on its first entry, welcomed. */
async function inRoom(): Promise<{ tabId: number; page: FakePort; socket: FakeSocket }> {
  const tabId = await openVideoTab(FIRST);
  const page = bg.connectPage(tabId);
  await bg.ask({ method: 'joinRoom', input: KEY, tabId });
  const socket = await bg.nextSocket(0);
  await acceptHello(socket);
  socket.receive(welcome(roomState({ videoId: FIRST, item: 0 })));
  return { tabId, page, socket };
}

describe('a playlist room moving on', () => {
  it('loads the next entry in the tab and keeps the connection while the page reloads', async () => {
    const { tabId, page, socket } = await inRoom();
    // The queue grew meanwhile: the page about to load is told the new one.
    const grown = [...items, { youtubeId: THIRD, title: 'Part three' }];
    bg.api.invites.set(KEY, { kind: 'playlist', title: 'Series', items: grown });
    socket.receive({
      type: 'state',
      state: roomState({ rev: 2, videoId: SECOND, item: 1 }),
      by: 'm2',
    });
    await vi.waitFor(async () => expect(await tabUrl(tabId)).toBe(watchUrl(SECOND)));
    await vi.waitFor(async () =>
      expect((await storedInfo(tabId))?.playlist?.items).toHaveLength(3),
    );
    expect(await storedInfo(tabId)).toMatchObject({ youtubeId: SECOND, title: 'Part two' });
    // The old page goes, the new one comes: same connection, told where the room is.
    page.drop();
    expect(socket.closedWith).toBeNull();
    const next = bg.connectPage(tabId);
    next.send({ type: 'page', youtubeId: SECOND });
    await vi.waitFor(() => expect(next.ofType('room')).toHaveLength(1));
    expect(next.ofType('room')[0]?.room).toMatchObject({ youtubeId: SECOND, title: 'Part two' });
    expect(next.ofType('room')[0]?.room.playlist?.items).toHaveLength(3);
    expect(bg.ws.sockets).toHaveLength(1);
    // Following is over: this page going away now ends the connection as usual.
    next.drop();
    expect(socket.closedWith).not.toBeNull();
  });

  it('lets the connection go when the new page never comes', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    const { tabId, page, socket } = await inRoom();
    socket.receive({
      type: 'state',
      state: roomState({ rev: 2, videoId: SECOND, item: 1 }),
      by: null,
    });
    await vi.waitFor(async () => expect(await tabUrl(tabId)).toBe(watchUrl(SECOND)));
    page.drop();
    await vi.advanceTimersByTimeAsync(FOLLOW_TIMEOUT_MS - 1000);
    expect(socket.closedWith).toBeNull();
    await vi.advanceTimersByTimeAsync(1000);
    expect(socket.closedWith).toEqual({ code: 1000, reason: 'left' });
    // The room is still the tab's: going back to it rejoins.
    expect(await storedInfo(tabId)).toMatchObject({ key: KEY, youtubeId: SECOND });
  });

  it('moves a joiner on to the entry the room is playing', async () => {
    const tabId = await openVideoTab(FIRST);
    const page = bg.connectPage(tabId);
    await bg.ask({ method: 'joinRoom', input: KEY, tabId });
    const socket = await bg.nextSocket(0);
    await acceptHello(socket);
    socket.receive(welcome(roomState({ videoId: SECOND, item: 1 })));
    await vi.waitFor(async () => expect(await tabUrl(tabId)).toBe(watchUrl(SECOND)));
    expect(page.ofType('room')).toHaveLength(0);
  });
});

describe('followedTitle', () => {
  const info = {
    key: KEY,
    youtubeId: FIRST,
    title: 'Part one',
    link: '',
    playlist: { title: 'Series', items },
  };

  it("names the entry playing, else the entry with the video, else the playlist's title", () => {
    expect(followedTitle(info, roomState({ videoId: SECOND, item: 1 }))).toBe('Part two');
    expect(followedTitle(info, roomState({ videoId: SECOND, item: null }))).toBe('Part two');
    expect(followedTitle(info, roomState({ videoId: THIRD, item: 5 }))).toBe('Series');
    const single = { ...info, playlist: undefined };
    expect(followedTitle(single, roomState({ videoId: THIRD }))).toBe('Part one');
  });
});
