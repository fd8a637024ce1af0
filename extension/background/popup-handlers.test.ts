import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { acceptHello, startBackground, type Background } from './testing/background';
import { openVideoTab } from './testing/fake-tab';
import { RELAY, inviteKey, roomState, welcome } from './testing/fake-relay';
import { watchUrl } from './youtube-tab';

vi.hoisted(() => vi.stubGlobal('__RELAY_URL__', 'http://relay.test'));

const VIDEO = 'aaaaaaaaaaa';
const KEY = inviteKey(7);
const NO_ROOM = 'No room with that invite key. Check the key and try again.';

let bg: Background;

beforeEach(() => {
  bg = startBackground();
  bg.api.invites.set(KEY, { kind: 'video', youtubeId: VIDEO, title: 'Our film' });
});

afterEach(async () => {
  await bg.stop();
  vi.restoreAllMocks();
});

/** The content script's answer to `get-snapshot`. */
function pageAnswers(snapshot: unknown) {
  return vi.spyOn(fakeBrowser.tabs, 'sendMessage').mockResolvedValue(snapshot);
}

async function statusOf(tabId: number | null) {
  const answer = await bg.ask({ method: 'status', tabId });
  if (!answer.ok) throw new Error(answer.error);
  return answer.value;
}

describe('status', () => {
  it('says which relay, and nothing of a tab when there is none', async () => {
    expect(await statusOf(null)).toEqual({
      relayUrl: RELAY,
      relayError: null,
      identity: null,
      tab: null,
      room: null,
    });
  });

  it('describes the tab and the room it is in', async () => {
    const tabId = await openVideoTab(VIDEO);
    expect((await statusOf(tabId)).tab).toEqual({
      id: tabId,
      youtubeId: VIDEO,
      isYouTube: true,
      page: 'watch',
      shortId: null,
    });
    bg.connectPage(tabId);
    const answer = await bg.ask({ method: 'joinRoom', input: KEY, tabId });
    expect(answer.ok && answer.value.room).toMatchObject({
      info: { key: KEY, youtubeId: VIDEO, title: 'Our film' },
      status: 'connecting',
    });
  });
});

describe('visit', () => {
  it('shows why the relay could not be reached until a visit succeeds', async () => {
    bg.api.setDown(true);
    const failed = await bg.ask({ method: 'visit', tabId: null });
    expect(failed.ok && failed.value.relayError).toMatch(/Can't reach the We Watch server/);
    // A status alone keeps showing it.
    expect((await statusOf(null)).relayError).toMatch(/Can't reach/);
    bg.api.setDown(false);
    const ok = await bg.ask({ method: 'visit', tabId: null });
    expect(ok.ok && ok.value.relayError).toBeNull();
  });
});

describe('start room', () => {
  it("saves the tab's video and joins its room, offering the page's player", async () => {
    const tabId = await openVideoTab(VIDEO);
    const page = bg.connectPage(tabId);
    const player = { playing: false, position: 42, rate: 1.5 };
    pageAnswers({ title: 'My clip', channel: 'Me', player });
    const answer = await bg.ask({ method: 'startRoom', tabId });
    const key = inviteKey(1);
    expect(answer).toMatchObject({
      ok: true,
      value: { room: { info: { key, youtubeId: VIDEO, title: 'My clip' } } },
    });
    expect(bg.api.saved.get(VIDEO)).toMatchObject({ title: 'My clip', channel: 'Me' });
    const hello = await acceptHello(await bg.nextSocket(0));
    expect(hello).toMatchObject({ key, initial: player });
    bg.ws.last.receive(welcome(roomState({ videoId: VIDEO })));
    expect(page.ofType('room')[0]?.room.link).toBe(`${watchUrl(VIDEO)}#wewatch=${key}`);
    // Once the room exists, a rejoin does not offer the creator's player again.
    await vi.waitFor(async () =>
      expect(await fakeBrowser.storage.session.get('tabRooms')).not.toHaveProperty(
        `tabRooms.${tabId}.initial`,
      ),
    );
    page.drop();
    bg.connectPage(tabId).send({ type: 'page', youtubeId: VIDEO });
    expect(await acceptHello(await bg.nextSocket(1))).not.toHaveProperty('initial');
  });

  it('refuses a tab the content script does not run in', async () => {
    const tabId = await openVideoTab(VIDEO);
    vi.spyOn(fakeBrowser.tabs, 'sendMessage').mockRejectedValue(new Error('no receiver'));
    expect(await bg.ask({ method: 'startRoom', tabId })).toEqual({
      ok: false,
      error: 'We Watch is not running in this tab yet: reload the page, then try again.',
      kind: 'invalid',
    });
    expect(bg.ws.sockets).toHaveLength(0);
  });
});

describe('join by key', () => {
  it('opens the room from a pasted invite link in a new tab, on its video', async () => {
    const answer = await bg.ask({
      method: 'joinRoom',
      input: `https://www.youtube.com/watch?v=${VIDEO}#wewatch=${KEY}`,
      tabId: null,
    });
    if (!answer.ok) throw new Error(answer.error);
    const tabId = answer.value.tab?.id;
    if (tabId === undefined) throw new Error('no tab');
    expect((await fakeBrowser.tabs.get(tabId)).url).toBe(watchUrl(VIDEO));
    expect(answer.value.room).toMatchObject({ info: { key: KEY } });
    // The page connects when it loads; only then does the room's connection open.
    expect(bg.ws.sockets).toHaveLength(0);
    bg.connectPage(tabId).send({ type: 'page', youtubeId: VIDEO });
    expect(await acceptHello(await bg.nextSocket(0))).toMatchObject({ key: KEY });
  });

  it('says so when a key opens nothing, or is not a key', async () => {
    const unknown = inviteKey(9);
    expect(await bg.ask({ method: 'joinRoom', input: unknown, tabId: null })).toEqual({
      ok: false,
      error: NO_ROOM,
    });
    expect(await bg.ask({ method: 'joinRoom', input: 'hello', tabId: null })).toEqual({
      ok: false,
      error: NO_ROOM,
    });
  });
});

describe('leave', () => {
  it('ends the connection, forgets the room and tells the page', async () => {
    const tabId = await openVideoTab(VIDEO);
    const page = bg.connectPage(tabId);
    await bg.ask({ method: 'joinRoom', input: KEY, tabId });
    const socket = await bg.nextSocket(0);
    const answer = await bg.ask({ method: 'leaveRoom', tabId });
    expect(answer.ok && answer.value.room).toBeNull();
    expect(socket.closedWith).toEqual({ code: 1000, reason: 'left' });
    expect(page.received.at(-1)).toEqual({ type: 'left' });
  });
});

describe('who may ask', () => {
  it("answers only the extension's own pages, and only requests it knows", () => {
    const request = { method: 'status', tabId: null };
    const page = { id: fakeBrowser.runtime.id, url: 'https://www.youtube.com/watch?v=x' };
    expect(bg.service.message(request, page)).toBeUndefined();
    const popup = { id: fakeBrowser.runtime.id, url: fakeBrowser.runtime.getURL('/popup.html') };
    expect(bg.service.message(request, { ...popup, id: 'another-extension' })).toBeUndefined();
    expect(bg.service.message({ method: 'status', tabId: -1 }, popup)).toBeUndefined();
    expect(bg.service.message({ method: 'explode' }, popup)).toBeUndefined();
    expect(bg.service.message(request, popup)).toBeInstanceOf(Promise);
  });

  it('refuses a relay address that is not one', async () => {
    expect(await bg.ask({ method: 'setRelayUrl', url: 'not a url' })).toEqual({
      ok: false,
      error: 'Enter a server address such as http://localhost:8787.',
    });
  });
});
