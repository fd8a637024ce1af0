import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { CloseCode } from '../../shared/protocol';
import { MemoryCluster, settle } from './testing/memory-cluster';

const KEY = 'abcdefghijklmnopqrstuvwxyz';
const OWNER = 'o'.repeat(43);
const BEN = 'b'.repeat(43);
const CYD = 'c'.repeat(43);

let cluster: MemoryCluster;

beforeEach(() => {
  vi.useFakeTimers({
    toFake: ['setTimeout', 'clearTimeout', 'setInterval', 'clearInterval', 'Date', 'performance'],
  });
  cluster = new MemoryCluster({ maxRoomMembers: 2, chatBurst: 3, removedForMs: 60_000 });
  cluster.video(KEY, 'owner');
  cluster.lookups.addSession(OWNER, 'owner');
  cluster.lookups.addSession(BEN, 'ben');
  cluster.lookups.addSession(CYD, 'cyd');
});

afterEach(async () => {
  await cluster.close();
  vi.useRealTimers();
});

/** Lets the member lists and knock lists, pushed at most every gap, go out. */
async function pushed(): Promise<void> {
  await vi.advanceTimersByTimeAsync(250);
  await settle();
}

describe('chat', () => {
  it('refuses a message over the budget or over the limit, and keeps the socket open', async () => {
    const relay = cluster.node();
    const ana = await cluster.join(relay, KEY, { name: 'Ana' });
    ana.client.sendFrame({ type: 'chat', text: 'x'.repeat(501) });
    await settle();
    expect(ana.client.last('error')).toEqual({ type: 'error', code: 'too_long', limit: 500 });

    for (let i = 1; i <= 4; i++) ana.client.sendFrame({ type: 'chat', text: `quick ${i}` });
    await settle();
    expect(ana.client.all('message').map((frame) => frame.message.text)).toEqual([
      'quick 1',
      'quick 2',
      'quick 3',
    ]);
    expect(ana.client.last('error')).toEqual({ type: 'error', code: 'rate_limited' });
    expect(ana.client.closedWith).toBeNull();

    // The budget refills with time.
    await vi.advanceTimersByTimeAsync(2000);
    ana.client.sendFrame({ type: 'chat', text: 'later' });
    await settle();
    expect(ana.client.last('message')?.message.text).toBe('later');
  });
});

describe('removal', () => {
  it('closes the removed member and keeps its user out until the time is up', async () => {
    const relay = cluster.node();
    const host = await cluster.join(relay, KEY, { session: OWNER, ip: '192.0.2.1' });
    const ben = await cluster.join(relay, KEY, { session: BEN, ip: '192.0.2.2' });
    host.client.sendFrame({ type: 'remove', memberId: ben.welcome.memberId });
    await settle();
    expect(ben.client.last('error')).toEqual({ type: 'error', code: 'removed', by: 'user' });
    expect(ben.client.closedWith).toEqual({ code: CloseCode.REMOVED, reason: 'removed' });

    const again = cluster.hello(relay, KEY, { session: BEN, ip: '198.51.100.7' });
    await settle();
    expect(again.last('error')).toEqual({
      type: 'error',
      code: 'removed',
      by: 'user',
      retryAfterS: 60,
    });
    // A guest on the removed member's address is kept out too.
    const guest = cluster.hello(relay, KEY, { ip: '192.0.2.2' });
    await settle();
    expect(guest.last('error')).toMatchObject({ code: 'removed', by: 'address' });

    await vi.advanceTimersByTimeAsync(60_000);
    await cluster.join(relay, KEY, { session: BEN, ip: '192.0.2.2' });
  });

  it('refuses to remove the host itself or the owner', async () => {
    const relay = cluster.node();
    const host = await cluster.join(relay, KEY, { session: OWNER });
    host.client.sendFrame({ type: 'remove', memberId: host.welcome.memberId });
    await settle();
    expect(host.client.last('error')).toEqual({ type: 'error', code: 'cannot_remove_self' });
    host.client.sendFrame({ type: 'remove', memberId: 'f'.repeat(32) });
    await settle();
    expect(host.client.last('error')).toEqual({ type: 'error', code: 'no_member' });
  });
});

describe('"Only people I let in"', () => {
  it('lets a joiner in when the host says so, and turns another away', async () => {
    const relay = cluster.node();
    const host = await cluster.join(relay, KEY, { session: OWNER });
    host.client.sendFrame({ type: 'let_in_only', on: true });
    await settle();

    const ben = cluster.hello(relay, KEY, { session: BEN, name: 'Ben' });
    await settle();
    expect(ben.received).toEqual([{ type: 'knocking' }]);
    await pushed();
    const knocks = host.client.last('knocks')?.knocks ?? [];
    expect(knocks.map((knock) => knock.name)).toEqual(['Ben']);

    host.client.sendFrame({ type: 'let_in', memberId: knocks[0]?.id ?? '' });
    await settle();
    expect(ben.last('welcome')).toMatchObject({ letInOnly: true });
    ben.disconnect();
    await settle();

    const cyd = cluster.hello(relay, KEY, { session: CYD, name: 'Cyd', ip: '203.0.113.5' });
    await pushed();
    const waiting = host.client.last('knocks')?.knocks ?? [];
    host.client.sendFrame({ type: 'deny', memberId: waiting[0]?.id ?? '' });
    await settle();
    expect(cyd.last('error')).toEqual({ type: 'error', code: 'denied' });
    expect(cyd.closedWith?.code).toBe(CloseCode.DENIED);
    // Turned away is kept out, as a removal.
    const back = cluster.hello(relay, KEY, { session: CYD, ip: '203.0.113.5' });
    await settle();
    expect(back.last('error')).toMatchObject({ code: 'removed', by: 'user' });
  });

  it('lets only the host answer', async () => {
    const relay = cluster.node();
    await cluster.join(relay, KEY, { session: OWNER });
    const ben = await cluster.join(relay, KEY, { session: BEN });
    ben.client.sendFrame({ type: 'let_in_only', on: true });
    await settle();
    expect(ben.client.last('error')).toEqual({ type: 'error', code: 'host_only' });
  });
});

describe('a full room', () => {
  it('turns a joiner away with the limit, but always lets the owner in', async () => {
    const relay = cluster.node();
    await cluster.join(relay, KEY, { session: BEN });
    await cluster.join(relay, KEY, { session: CYD });
    const third = cluster.hello(relay, KEY);
    await settle();
    expect(third.received).toEqual([{ type: 'error', code: 'room_full', limit: 2 }]);
    expect(third.closedWith).toEqual({ code: CloseCode.ROOM_FULL, reason: 'room_full' });
    await cluster.join(relay, KEY, { session: OWNER });
  });
});

describe('frames out of turn', () => {
  it('closes a member frame before the welcome, and a second hello, by their codes', async () => {
    const relay = cluster.node();
    const early = cluster.hello(relay, KEY);
    early.sendFrame({ type: 'stall' });
    await settle();
    expect(early.last('error')).toEqual({ type: 'error', code: 'not_joined' });
    expect(early.closedWith).toEqual({ code: CloseCode.BAD_FRAME, reason: 'not_joined' });

    const { client } = await cluster.join(relay, KEY);
    client.sendFrame({ type: 'hello', v: 1, key: KEY });
    await settle();
    expect(client.last('error')).toEqual({ type: 'error', code: 'already_joined' });
  });
});

describe('the join limit', () => {
  it('closes a join past the limit, saying when to try again, and counts wrong keys too', async () => {
    const limited = new MemoryCluster({ joinsPerMinute: 2 });
    limited.video(KEY, 'owner');
    const relay = limited.node();
    await limited.join(relay, KEY);
    const wrong = limited.hello(relay, 'zyxwvutsrqponmlkjihgfedcba');
    await settle();
    expect(wrong.received).toEqual([{ type: 'error', code: 'room_not_found' }]);
    await vi.advanceTimersByTimeAsync(20_000);
    const refused = limited.hello(relay, KEY);
    await settle();
    expect(refused.received).toEqual([{ type: 'error', code: 'rate_limited', retryAfterS: 40 }]);
    expect(refused.closedWith).toEqual({ code: CloseCode.RATE_LIMITED, reason: 'rate_limited' });
    // Another address has its own count.
    await limited.join(relay, KEY, { ip: '198.51.100.9' });
    await limited.close();
  });
});
