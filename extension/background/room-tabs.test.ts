import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { acceptHello, startBackground, type Background } from './testing/background';
import { openVideoTab, type FakePort } from './testing/fake-tab';
import { inviteKey, member, roomState, welcome, type FakeSocket } from './testing/fake-relay';

vi.hoisted(() => vi.stubGlobal('__RELAY_URL__', 'http://relay.test'));

const VIDEO = 'aaaaaaaaaaa';
const OTHER = 'bbbbbbbbbbb';
const KEY = inviteKey(7);

let bg: Background;

beforeEach(() => {
  bg = startBackground();
  bg.api.invites.set(KEY, { kind: 'video', youtubeId: VIDEO, title: 'Our film' });
});

afterEach(async () => {
  await bg.stop();
  vi.useRealTimers();
  vi.restoreAllMocks();
});

/** A tab on the room's video, its page connected, joined by key and welcomed. */
async function joinedTab(): Promise<{ tabId: number; page: FakePort; socket: FakeSocket }> {
  const tabId = await openVideoTab(VIDEO);
  const page = bg.connectPage(tabId);
  page.send({ type: 'page', youtubeId: VIDEO });
  const answer = await bg.ask({ method: 'joinRoom', input: KEY, tabId });
  expect(answer.ok).toBe(true);
  const socket = await bg.nextSocket(0);
  await acceptHello(socket);
  socket.receive(welcome(roomState({ videoId: VIDEO })));
  return { tabId, page, socket };
}

async function roomStatus(tabId: number) {
  const answer = await bg.ask({ method: 'status', tabId });
  if (!answer.ok) throw new Error(answer.error);
  return answer.value.room;
}

describe('a tab joining a room', () => {
  it('connects once its page shows the video, and the page hears the room', async () => {
    const { tabId, page, socket } = await joinedTab();
    expect(socket.url).toBe('ws://relay.test/ws');
    const hello = socket.sent[0];
    expect(hello).toMatchObject({
      type: 'hello',
      v: 1,
      key: KEY,
      session: expect.any(String) as unknown,
    });
    expect(hello).not.toHaveProperty('initial');
    expect(page.ofType('room')).toEqual([
      {
        type: 'room',
        room: expect.objectContaining({ key: KEY, youtubeId: VIDEO }) as unknown,
        memberId: 'm1',
      },
    ]);
    expect(page.ofType('state').at(-1)?.state.videoId).toBe(VIDEO);
    expect(page.ofType('status').at(-1)?.status).toBe('connected');
    expect(await roomStatus(tabId)).toMatchObject({ info: { key: KEY }, status: 'connected' });
  });

  it('passes room frames on, adds its round-trip time to reports, and says when it cannot', async () => {
    const { page, socket } = await joinedTab();
    page.send({ type: 'chat', text: 'hello' });
    page.send({ type: 'report', status: 'in_sync', error: 0.01 });
    expect(socket.sent.slice(1)).toEqual([
      { type: 'chat', text: 'hello' },
      { type: 'report', status: 'in_sync', error: 0.01, rtt: 250 },
    ]);
    // A message no handler knows, or a malformed one, goes nowhere.
    page.send({ type: 'chat', text: 42 });
    page.send({ type: 'explode' });
    expect(socket.sent).toHaveLength(3);
    socket.drop(1006);
    page.send({ type: 'control', baseRev: 1, action: 'pause', position: 3, rate: 1 });
    page.send({ type: 'stall' });
    expect(page.received.at(-1)).toMatchObject({ type: 'status', status: 'reconnecting' });
    expect(socket.sent).toHaveLength(3);
  });

  it('tells every room a new nickname', async () => {
    const { socket } = await joinedTab();
    bg.service.nicknameChanged('Robin');
    expect(socket.sent.at(-1)).toEqual({ type: 'rename', name: 'Robin' });
  });
});

describe('a joined tab whose page goes away', () => {
  it('lets the connection go when the port drops, and rejoins when the page comes back', async () => {
    const { tabId, page, socket } = await joinedTab();
    page.drop();
    expect(socket.closedWith).toEqual({ code: 1000, reason: 'left' });
    // The room is remembered: a reload rejoins it.
    expect(await roomStatus(tabId)).toMatchObject({ info: { key: KEY }, status: 'connecting' });
    const again = bg.connectPage(tabId);
    again.send({ type: 'page', youtubeId: VIDEO });
    const next = await bg.nextSocket(1);
    expect(await acceptHello(next)).toMatchObject({ key: KEY });
    next.receive(welcome(roomState({ videoId: VIDEO, rev: 5 })));
    expect(again.ofType('state').at(-1)?.state.rev).toBe(5);
  });

  it('tells a page that reconnects its port while the room is on everything at once', async () => {
    const { tabId, page, socket } = await joinedTab();
    socket.receive({
      type: 'members',
      members: [member('m1', true), member('m2')],
      hostOnly: true,
    });
    socket.receive({ type: 'history', messages: [] });
    const again = bg.connectPage(tabId);
    // Only the newest port of a tab is kept.
    expect(page.state.disconnected).toBe(true);
    again.send({ type: 'page', youtubeId: VIDEO });
    await vi.waitFor(() => expect(again.ofType('state')).toHaveLength(1));
    expect(again.received.map((m) => m.type)).toEqual([
      'status',
      'room',
      'members',
      'knocks',
      'history',
      'state',
    ]);
    expect(again.ofType('members')[0]).toMatchObject({ hostOnly: true, members: [{}, {}] });
    // The same connection carries on.
    expect(bg.ws.sockets).toHaveLength(1);
    expect(socket.closedWith).toBeNull();
  });

  it('ends once when the tab closes: connection closed, room forgotten, no reconnection', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    const { tabId, page, socket } = await joinedTab();
    // The browser reports both; either may come first.
    await bg.service.tabClosed(tabId);
    page.drop();
    expect(socket.closedWith).toEqual({ code: 1000, reason: 'left' });
    expect(await roomStatus(tabId)).toBeNull();
    await vi.advanceTimersByTimeAsync(60_000);
    expect(bg.ws.sockets).toHaveLength(1);
    expect(await fakeBrowser.storage.session.get('tabRooms')).toEqual({ tabRooms: {} });
  });

  it('steps out on another video, remembering the room, and rejoins on the way back', async () => {
    const { tabId, page, socket } = await joinedTab();
    page.send({ type: 'page', youtubeId: OTHER });
    await vi.waitFor(() => expect(page.ofType('left').at(-1)?.message).toBeDefined());
    expect(page.ofType('left').at(-1)?.message).toMatch(
      /You left the room's video. Go back to “Our film”/,
    );
    expect(page.ofType('left').at(-1)?.rejoin).toBe(VIDEO);
    expect(socket.closedWith).not.toBeNull();
    expect(await roomStatus(tabId)).toMatchObject({ info: { key: KEY }, status: 'away' });
    page.send({ type: 'page', youtubeId: VIDEO });
    await bg.nextSocket(1);
  });

  it('steps out when the page shows no video (the miniplayer closed), with the way back', async () => {
    const { tabId, page } = await joinedTab();
    page.send({ type: 'page', youtubeId: null });
    await vi.waitFor(() => expect(page.ofType('left').at(-1)?.message).toBeDefined());
    expect(page.ofType('left').at(-1)?.message).toMatch(
      /The room's video stopped. Go back to “Our film”/,
    );
    expect(page.ofType('left').at(-1)?.rejoin).toBe(VIDEO);
    expect(await roomStatus(tabId)).toMatchObject({ info: { key: KEY }, status: 'away' });
  });

  it('leaves for good when the relay refuses the room', async () => {
    const { tabId, page, socket } = await joinedTab();
    socket.drop(4004);
    await vi.waitFor(() => expect(page.ofType('left').at(-1)?.message).toBeDefined());
    expect(page.ofType('left').at(-1)?.message).toBe('No room with that invite key.');
    expect(await roomStatus(tabId)).toBeNull();
  });
});
