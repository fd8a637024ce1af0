import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { CloseCode } from '../../shared/protocol';
import { frameErrorText } from '../common/error-text';
import { reconnectDelay } from '../common/reconnect-delay';
import { REMOVED_MESSAGE, RoomConnection, type RoomConnectionEvents } from './room-connection';
import { RELAY, inviteKey, roomState, welcome, fakeSockets } from './testing/fake-relay';

const KEY = inviteKey(1);

let ws: ReturnType<typeof fakeSockets>;
let events: { [K in keyof RoomConnectionEvents]: ReturnType<typeof vi.fn> };
let connection: RoomConnection;

beforeEach(() => {
  vi.useFakeTimers();
  // The least jitter: each delay is half its ceiling.
  vi.spyOn(Math, 'random').mockReturnValue(0);
  ws = fakeSockets();
  ws.install();
  events = {
    welcome: vi.fn(),
    state: vi.fn(),
    members: vi.fn(),
    knocks: vi.fn(),
    history: vi.fn(),
    message: vi.fn(),
    reaction: vi.fn(),
    notice: vi.fn(),
    clock: vi.fn(),
    status: vi.fn(),
    fatal: vi.fn(),
  };
  connection = new RoomConnection({
    relayUrl: RELAY,
    socketUrl: 'ws://relay.test/ws',
    key: KEY,
    events: events as unknown as RoomConnectionEvents,
  });
  connection.start();
});

afterEach(() => {
  connection.close();
  vi.useRealTimers();
  vi.restoreAllMocks();
});

/** Opens the newest socket and lets the hello go out. */
async function open() {
  const socket = ws.last;
  socket.accept();
  await vi.advanceTimersByTimeAsync(0);
  return socket;
}

/** Waits just short of `ms`, checks no socket opened, then the rest, and returns the new one. */
async function reconnectsAfter(ms: number) {
  const before = ws.sockets.length;
  await vi.advanceTimersByTimeAsync(ms - 1);
  expect(ws.sockets).toHaveLength(before);
  await vi.advanceTimersByTimeAsync(1);
  expect(ws.sockets).toHaveLength(before + 1);
  return ws.last;
}

describe('reconnecting', () => {
  it('backs off exponentially while the relay stays unreachable', async () => {
    expect(events.status).toHaveBeenLastCalledWith('connecting', undefined);
    ws.last.drop(1006);
    expect(events.status).toHaveBeenLastCalledWith(
      'reconnecting',
      expect.stringContaining(`Can't reach the We Watch server at ${RELAY}`),
    );
    await reconnectsAfter(reconnectDelay(0, 0));
    ws.last.drop(1006);
    await reconnectsAfter(reconnectDelay(1, 0));
    ws.last.drop(1006);
    await reconnectsAfter(reconnectDelay(2, 0));
    expect([reconnectDelay(0, 0), reconnectDelay(1, 0), reconnectDelay(2, 0)]).toEqual([
      250, 500, 1000,
    ]);
  });

  it('starts over from the shortest delay once a welcome came through', async () => {
    ws.last.drop(1006);
    await reconnectsAfter(reconnectDelay(0, 0));
    ws.last.drop(1006);
    await reconnectsAfter(reconnectDelay(1, 0));
    const socket = await open();
    expect(socket.sent[0]).toMatchObject({ type: 'hello', key: KEY, v: 1 });
    socket.receive(welcome(roomState()));
    expect(events.status).toHaveBeenLastCalledWith('connected');
    socket.drop(1006);
    await reconnectsAfter(reconnectDelay(0, 0));
  });

  it("keeps the relay's refusal as the reason while it retries (rate limited)", async () => {
    const socket = await open();
    socket.receive({ type: 'error', code: 'unavailable' });
    socket.drop(CloseCode.RATE_LIMITED);
    expect(events.status).toHaveBeenLastCalledWith(
      'reconnecting',
      frameErrorText({ code: 'unavailable' }),
    );
    expect(events.fatal).not.toHaveBeenCalled();
    const next = await reconnectsAfter(reconnectDelay(0, 0));
    expect(next.url).toBe('ws://relay.test/ws');
  });

  it('closes a link that stays silent for two heartbeats, then reconnects', async () => {
    const socket = await open();
    socket.receive(welcome(roomState()));
    // The relay speaks every heartbeat (15 s): a state keeps the link alive.
    await vi.advanceTimersByTimeAsync(30_000);
    socket.receive({ type: 'state', state: roomState({ rev: 2 }), by: null });
    await vi.advanceTimersByTimeAsync(34_999);
    expect(socket.closedWith).toBeNull();
    await vi.advanceTimersByTimeAsync(1);
    expect(socket.closedWith).toEqual({ code: 4100, reason: 'silent' });
    await reconnectsAfter(reconnectDelay(0, 0));
  });

  it('stops for good when closed', async () => {
    ws.last.drop(1006);
    connection.close();
    await vi.advanceTimersByTimeAsync(60_000);
    expect(ws.sockets).toHaveLength(1);
  });
});

describe('refusals', () => {
  it.each([
    [CloseCode.ROOM_NOT_FOUND, undefined, 'No room with that invite key.'],
    [CloseCode.REMOVED, undefined, REMOVED_MESSAGE],
    [CloseCode.REMOVED, 'removed', frameErrorText({ code: 'removed', by: 'user' })],
    [CloseCode.BAD_FRAME, undefined, 'The We Watch server refused this room (4000).'],
  ])('close %i (error frame %s) ends the session without retrying', async (code, said, fatal) => {
    const socket = await open();
    if (said) socket.receive({ type: 'error', code: 'removed', by: 'user' });
    socket.drop(code);
    expect(events.fatal).toHaveBeenCalledWith(fatal);
    await vi.advanceTimersByTimeAsync(60_000);
    expect(ws.sockets).toHaveLength(1);
  });

  it('passes a refusal that does not end the session on as a notice', async () => {
    const socket = await open();
    socket.receive({ type: 'error', code: 'host_only' });
    socket.receive({ type: 'error', code: 'rate_limited' });
    expect(events.notice.mock.calls).toEqual([
      ['host_only', frameErrorText({ code: 'host_only' })],
      ['rate_limited', frameErrorText({ code: 'rate_limited' })],
    ]);
    expect(socket.closedWith).toBeNull();
  });
});

describe('sending', () => {
  it('sends room frames only while connected', async () => {
    expect(connection.sendRoomFrame({ type: 'stall' })).toBe(false);
    const socket = await open();
    expect(connection.sendRoomFrame({ type: 'stall' })).toBe(true);
    expect(socket.sent.at(-1)).toEqual({ type: 'stall' });
  });
});
