import { Redis } from 'ioredis';
import { describe, expect, inject, it } from 'vitest';
import { WebSocket } from 'ws';
import { CloseCode, type MemberInfo } from '../../shared/protocol';
import type { RunningRelay } from '../../server/relay-server';
import { roomIdForKey } from '../../server/secrets';
import { redisKeys } from '../../server/redis/keys';
import { createPlaylist, newSession, newVideo, saveVideo, youtubeId } from '../support/api';
import { freshPrefix } from '../support/relay';
import { TestClient, testScope } from './harness';

const { cleanups, relayWith } = testScope();

type Member = Awaited<ReturnType<typeof TestClient.join>>;

/** Joins as `name`, from address `ip` where the relay trusts `X-Forwarded-For`. */
async function join(
  relay: RunningRelay,
  key: string,
  name: string,
  session?: string,
  ip?: string,
): Promise<Member> {
  const joined = await TestClient.join(
    relay,
    key,
    session ? { name, session } : { name },
    ip ? { headers: { 'X-Forwarded-For': ip } } : {},
  );
  cleanups.push(() => joined.client.close());
  return joined;
}

/** A hello that is refused: its error frame and close code. */
async function refusedJoin(relay: RunningRelay, key: string, session?: string, ip?: string) {
  const client = await TestClient.connect(relay, ip ? { headers: { 'X-Forwarded-For': ip } } : {});
  cleanups.push(() => client.close());
  client.send({ type: 'hello', v: 1, key, session });
  return { error: await client.next('error'), close: await client.closed };
}

/** The names of the hosts in a member list. */
const hosts = (members: MemberInfo[]) => members.filter((m) => m.host).map((m) => m.name);

/** Waits for a member list whose hosts are `names` and whose lock reads `hostOnly`. */
function listed(member: Member, names: string[], hostOnly: boolean) {
  return member.client.nextWhere(
    'members',
    (frame) =>
      frame.hostOnly === hostOnly && JSON.stringify(hosts(frame.members)) === JSON.stringify(names),
  );
}

function control(baseRev: number, action: string, position: number) {
  return { type: 'control', baseRev, action, position, rate: 1 };
}

const NOT_HOST = { type: 'error', code: 'host_only' };
const PLAYBACK_REFUSED = { type: 'error', code: 'host_only' };

/** Ben's address, apart from everyone else's (on relays that trust `X-Forwarded-For`). */
const BEN_IP = '10.0.0.2';

/** A room on `relay` hosted by Ana (its creator), with Ben; both have users. */
async function hostedRoom(relay: RunningRelay, other: RunningRelay = relay) {
  const video = await newVideo(relay);
  const { session: anaSession, userId: anaUserId } = await newSession(relay);
  const benSession = (await newSession(relay)).session;
  const ana = await join(relay, video.inviteKey, 'Ana', anaSession);
  const ben = await join(other, video.inviteKey, 'Ben', benSession, BEN_IP);
  return { video, ana, ben, anaSession, anaUserId, benSession };
}

describe('the host', () => {
  it('is the room’s creator and stays host across reconnects; guests never are', async () => {
    const relay = await relayWith();
    const { video, ana, ben, anaSession } = await hostedRoom(relay);
    expect(ana.welcome.members).toEqual([
      { id: ana.welcome.memberId, name: 'Ana', host: true, status: 'syncing', error: null },
    ]);
    expect(ana.welcome.hostOnly).toBe(false);
    expect(hosts(ben.welcome.members)).toEqual(['Ana']);
    const guest = await join(relay, video.inviteKey, 'Cyd');
    expect(hosts(guest.welcome.members)).toEqual(['Ana']);

    ana.client.close();
    await ana.client.closed;
    await listed(ben, [], false);
    const back = await join(relay, video.inviteKey, 'Ana again', anaSession);
    expect(hosts(back.welcome.members)).toEqual(['Ana again']);
    await listed(ben, ['Ana again'], false);
  });

  it('is whoever it was handed to; only a live member with a user can take it', async () => {
    const relay = await relayWith();
    const { video, ana, ben } = await hostedRoom(relay);
    const guest = await join(relay, video.inviteKey, 'Guest');
    ana.client.send({ type: 'hand_host', memberId: guest.welcome.memberId });
    expect(await ana.client.next('error')).toEqual({ type: 'error', code: 'no_identity' });
    ana.client.send({ type: 'hand_host', memberId: 'f'.repeat(32) });
    expect(await ana.client.next('error')).toEqual({ type: 'error', code: 'no_member' });

    ana.client.send({ type: 'hand_host', memberId: ben.welcome.memberId });
    for (const member of [ana, ben, guest]) await listed(member, ['Ben'], false);
    // Ana is host no more.
    ana.client.send({ type: 'host_only', on: true });
    expect(await ana.client.next('error')).toEqual(NOT_HOST);
    ben.client.send({ type: 'host_only', on: true });
    for (const member of [ana, ben, guest]) await listed(member, ['Ben'], true);
  });

  it('alone may turn the lock on, hand host over or remove members', async () => {
    const relay = await relayWith();
    const { video, ana, ben } = await hostedRoom(relay);
    const guest = await join(relay, video.inviteKey, 'Guest');
    for (const member of [ben, guest]) {
      member.client.send({ type: 'host_only', on: true });
      expect(await member.client.next('error')).toEqual(NOT_HOST);
      member.client.send({ type: 'hand_host', memberId: member.welcome.memberId });
      expect(await member.client.next('error')).toEqual(NOT_HOST);
      member.client.send({ type: 'remove', memberId: ana.welcome.memberId });
      expect(await member.client.next('error')).toEqual(NOT_HOST);
    }
    // Nothing changed: the next list anyone is sent still has Ana as host and no lock.
    guest.client.send({ type: 'report', status: 'in_sync', error: 0, rtt: 10 });
    const list = await ana.client.nextWhere('members', (frame) =>
      frame.members.some((m) => m.status === 'in_sync'),
    );
    expect(list.hostOnly).toBe(false);
    expect(hosts(list.members)).toEqual(['Ana']);
    expect(ana.client.unread('error')).toEqual([]);
    expect(ben.client.ws.readyState).toBe(WebSocket.OPEN);
  });
});

describe('only host controls', () => {
  it('refuses playback changes from others with the current state, publishing nothing', async () => {
    const relay = await relayWith();
    const { ana, ben } = await hostedRoom(relay);
    ana.client.send({ type: 'control', baseRev: 1, action: 'play', position: 3, rate: 1 });
    for (const member of [ana, ben]) expect((await member.client.next('state')).state.rev).toBe(2);

    ana.client.send({ type: 'host_only', on: true });
    for (const member of [ana, ben]) await listed(member, ['Ana'], true);

    ben.client.send(control(2, 'pause', 10));
    expect(await ben.client.next('state')).toMatchObject({
      by: null,
      state: { rev: 2, playing: true, position: 3 },
    });
    expect(await ben.client.next('error')).toEqual(PLAYBACK_REFUSED);
    // Ready, stall, nowait and reports stay allowed (a stall holds the room only for the host);
    // the host's stall is the next change anyone hears of, so nothing went out for the refused
    // pause.
    ben.client.send({ type: 'report', status: 'in_sync', error: 0, rtt: 10 });
    ana.client.send({ type: 'stall' });
    for (const member of [ana, ben]) {
      expect(await member.client.next('state')).toMatchObject({
        by: ana.welcome.memberId,
        state: { rev: 3, playing: true, hold: { reason: 'buffering' } },
      });
    }
    ana.client.send({ type: 'nowait' });
    for (const member of [ana, ben]) {
      expect(await member.client.next('state')).toMatchObject({ state: { rev: 4, hold: null } });
    }

    // The host's own pause works.
    ana.client.send(control(4, 'pause', 12));
    for (const member of [ana, ben]) {
      expect(await member.client.next('state')).toMatchObject({
        by: ana.welcome.memberId,
        state: { rev: 5, playing: false, position: 12 },
      });
    }
    expect(ana.client.unread('error')).toEqual([]);

    ana.client.send({ type: 'host_only', on: false });
    for (const member of [ana, ben]) await listed(member, ['Ana'], false);
    ben.client.send(control(5, 'seek', 40));
    expect(await ana.client.next('state')).toMatchObject({
      by: ben.welcome.memberId,
      state: { rev: 6, position: 40 },
    });
  });

  it('lapses while the host is away and applies again when the host is back', async () => {
    const KEY_PREFIX = freshPrefix();
    const one = await relayWith({ KEY_PREFIX });
    const two = await relayWith({ KEY_PREFIX });
    const { video, ana, ben, anaSession } = await hostedRoom(one, two);
    ana.client.send({ type: 'host_only', on: true });
    await listed(ben, ['Ana'], true);
    ana.client.close();
    await ana.client.closed;
    await listed(ben, [], false);
    ben.client.send(control(1, 'seek', 20));
    expect(await ben.client.next('state')).toMatchObject({
      by: ben.welcome.memberId,
      state: { rev: 2, position: 20 },
    });

    const back = await join(one, video.inviteKey, 'Ana', anaSession);
    expect(back.welcome.hostOnly).toBe(true);
    await listed(ben, ['Ana'], true);
    ben.client.send(control(2, 'seek', 30));
    expect(await ben.client.next('error')).toEqual(PLAYBACK_REFUSED);
    expect((await ben.client.next('state')).state).toMatchObject({ rev: 2, position: 20 });
  });

  it('refuses queue moves from others in a playlist room', async () => {
    const relay = await relayWith();
    const owner = await newSession(relay);
    const first = await saveVideo(relay, owner.session, { youtubeId: youtubeId(1), title: 'One' });
    const second = await saveVideo(relay, owner.session, { youtubeId: youtubeId(2), title: 'Two' });
    const playlist = await createPlaylist(relay, owner.session, 'Mix', [first.id, second.id]);
    const ana = await join(relay, playlist.inviteKey, 'Ana', owner.session);
    const ben = await join(relay, playlist.inviteKey, 'Ben', (await newSession(relay)).session);
    ana.client.send({ type: 'host_only', on: true });
    await listed(ben, ['Ana'], true);

    ben.client.send({ type: 'queue', from: 0, to: 1 });
    expect((await ben.client.next('state')).state).toMatchObject({ rev: 1, item: 0 });
    expect(await ben.client.next('error')).toEqual(PLAYBACK_REFUSED);
    ana.client.send({ type: 'queue', from: 0, to: 1 });
    for (const member of [ana, ben]) {
      expect((await member.client.next('state')).state).toMatchObject({
        rev: 2,
        item: 1,
        videoId: youtubeId(2),
      });
    }
  });
});

describe('removing a member', () => {
  it('closes it with 4010 on any node and keeps its user out', async () => {
    const KEY_PREFIX = freshPrefix();
    const one = await relayWith({ KEY_PREFIX, TRUST_PROXY: '1' });
    const two = await relayWith({ KEY_PREFIX, TRUST_PROXY: '1' });
    const { video, ana, ben, benSession, anaUserId } = await hostedRoom(one, two);
    // Ben's second tab goes with him.
    const benTab = await join(two, video.inviteKey, 'Ben too', benSession, BEN_IP);
    await ana.client.nextWhere('members', (frame) => frame.members.length === 3);

    ana.client.send({ type: 'remove', memberId: ben.welcome.memberId });
    for (const member of [ben, benTab]) {
      expect(await member.client.next('error')).toEqual({
        type: 'error',
        code: 'removed',
        by: 'user',
      });
      expect((await member.client.closed).code).toBe(CloseCode.REMOVED);
    }
    await ana.client.nextWhere('members', (frame) => frame.members.length === 1);

    for (const relay of [one, two]) {
      const refused = await refusedJoin(relay, video.inviteKey, benSession);
      expect(refused.error).toMatchObject({ code: 'removed', by: 'user' });
      expect(refused.close.code).toBe(CloseCode.REMOVED);
    }
    const redis = new Redis(inject('redisUrl'));
    cleanups.push(() => redis.quit());
    const bannedKey = redisKeys(KEY_PREFIX).roomBanned(roomIdForKey(video.inviteKey));
    expect(await redis.pttl(bannedKey)).toBeGreaterThan(590_000);
    // The room's meta lives as long as its state.
    const metaKey = redisKeys(KEY_PREFIX).roomMeta(roomIdForKey(video.inviteKey));
    expect(await redis.hget(metaKey, 'host')).toBe(anaUserId);
    expect(await redis.ttl(metaKey)).toBeGreaterThan(29 * 86_400);

    // Another user, and a guest, may still join from another address.
    const cyd = await join(two, video.inviteKey, 'Cyd', (await newSession(one)).session);
    expect(cyd.welcome.members.map((m) => m.name).sort()).toEqual(['Ana', 'Cyd']);
    await join(one, video.inviteKey, 'Guest');
  });

  it('lets the user back once the time is up; a guest is kept out by its address', async () => {
    const relay = await relayWith({ REMOVED_FOR_MS: '1000', TRUST_PROXY: '1' });
    const { video, ana, ben, benSession } = await hostedRoom(relay);
    const guest = await join(relay, video.inviteKey, 'Guest', undefined, '10.0.0.3');
    ana.client.send({ type: 'remove', memberId: guest.welcome.memberId });
    expect((await guest.client.closed).code).toBe(CloseCode.REMOVED);
    expect((await refusedJoin(relay, video.inviteKey, undefined, '10.0.0.3')).close.code).toBe(
      CloseCode.REMOVED,
    );

    ana.client.send({ type: 'remove', memberId: ana.welcome.memberId });
    expect(await ana.client.next('error')).toEqual({ type: 'error', code: 'cannot_remove_self' });
    ana.client.send({ type: 'remove', memberId: ben.welcome.memberId });
    expect((await ben.client.closed).code).toBe(CloseCode.REMOVED);
    // The removal was made before this reading of the relay's clock, so its ban (1000 ms,
    // rounded up to the millisecond) has run out once the clock is 1001 ms past it.
    const removedBy = await ana.client.relayTime();
    expect((await refusedJoin(relay, video.inviteKey, benSession)).close.code).toBe(
      CloseCode.REMOVED,
    );
    await ana.client.relayTimeReaches(removedBy + 1001);
    const back = await join(relay, video.inviteKey, 'Ben', benSession, BEN_IP);
    expect(back.welcome.members.map((m) => m.name)).toContain('Ben');
    await join(relay, video.inviteKey, 'Guest', undefined, '10.0.0.3');
  });
});
