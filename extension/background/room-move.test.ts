import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { acceptHello, startBackground, type Background } from './testing/background';
import { openVideoTab } from './testing/fake-tab';
import { inviteKey, roomState, welcome } from './testing/fake-relay';
import { watchUrl } from './youtube-tab';

vi.hoisted(() => vi.stubGlobal('__RELAY_URL__', 'http://relay.test'));

const FIRST = 'aaaaaaaaaaa';
const NEXT = 'bbbbbbbbbbb';
const KEY = inviteKey(5);

let bg: Background;

beforeEach(() => {
  bg = startBackground();
  bg.api.invites.set(KEY, { kind: 'video', youtubeId: FIRST, title: 'The first video' });
});

afterEach(async () => {
  await bg.stop();
});

async function tabUrl(tabId: number) {
  return (await fakeBrowser.tabs.get(tabId)).url;
}

async function storedInfo(tabId: number) {
  const answer = await bg.ask({ method: 'status', tabId });
  return answer.ok ? answer.value.room?.info : undefined;
}

const moved = roomState({ rev: 9, videoId: NEXT, title: 'The next video', position: 0 });

describe('a room that plays one video, moved on with Play next together', () => {
  it('takes the tab to the new video, named by the title the room keeps', async () => {
    const tabId = await openVideoTab(FIRST);
    const page = bg.connectPage(tabId);
    await bg.ask({ method: 'joinRoom', input: KEY, tabId });
    const socket = await bg.nextSocket(0);
    await acceptHello(socket);
    socket.receive(welcome(roomState({ videoId: FIRST, rev: 8 })));
    socket.receive({ type: 'state', state: moved, by: 'm2' });
    await vi.waitFor(async () => expect(await tabUrl(tabId)).toBe(watchUrl(NEXT)));
    expect(await storedInfo(tabId)).toMatchObject({ youtubeId: NEXT, title: 'The next video' });
    page.drop();
    const next = bg.connectPage(tabId);
    next.send({ type: 'page', youtubeId: NEXT });
    await vi.waitFor(() => expect(next.ofType('room')).toHaveLength(1));
    expect(next.ofType('room')[0]?.room).toMatchObject({ title: 'The next video' });
    expect(bg.ws.sockets).toHaveLength(1);
  });

  it('takes a later joiner by the invite key there too, by that title', async () => {
    const tabId = await openVideoTab(FIRST);
    bg.connectPage(tabId);
    await bg.ask({ method: 'joinRoom', input: KEY, tabId });
    const socket = await bg.nextSocket(0);
    await acceptHello(socket);
    socket.receive(welcome(moved));
    await vi.waitFor(async () => expect(await tabUrl(tabId)).toBe(watchUrl(NEXT)));
    expect(await storedInfo(tabId)).toMatchObject({ youtubeId: NEXT, title: 'The next video' });
  });
});
