import { Redis } from 'ioredis';
import { describe, expect, inject, it } from 'vitest';
import type { MemberInfo } from '../../shared/protocol';
import type { RunningRelay } from '../../server/relay-server';
import { roomIdForKey } from '../../server/secrets';
import { redisKeys } from '../../server/redis/keys';
import { newVideo } from '../support/api';
import { freshPrefix } from '../support/relay';
import { TestClient, testScope } from './harness';

const { cleanups, relayWith } = testScope();

async function join(relay: RunningRelay, key: string, name?: string) {
  const joined = await TestClient.join(relay, key, name === undefined ? {} : { name });
  cleanups.push(() => joined.client.close());
  return joined;
}

/** Waits for a member list equal to `members` (lists repeat; older ones are skipped). */
async function listed(client: TestClient, members: MemberInfo[]) {
  const json = JSON.stringify(members);
  return client.nextWhere('members', (frame) => JSON.stringify(frame.members) === json);
}

const syncing = (id: string, name: string): MemberInfo => ({
  id,
  name,
  host: false,
  status: 'syncing',
  error: null,
});

describe('member lists', () => {
  it('arrive with the welcome and whenever someone joins, reports or leaves', async () => {
    const relay = await relayWith();
    const video = await newVideo(relay);
    const ana = await join(relay, video.inviteKey, '  Ana ');
    const anaId = ana.welcome.memberId;
    expect(ana.welcome.members).toEqual([syncing(anaId, 'Ana')]);

    // Without a name, a member is a guest named after its id.
    const guest = await join(relay, video.inviteKey);
    const guestId = guest.welcome.memberId;
    const guestName = `Guest ${guestId.slice(0, 4).toUpperCase()}`;
    const anaListed = syncing(anaId, 'Ana');
    expect(guest.welcome.members).toEqual([anaListed, syncing(guestId, guestName)]);
    await listed(ana.client, [anaListed, syncing(guestId, guestName)]);

    guest.client.send({ type: 'report', status: 'in_sync', error: 0.012, rtt: 35 });
    const inSync: MemberInfo = {
      id: guestId,
      name: guestName,
      host: false,
      status: 'in_sync',
      error: 0.012,
    };
    for (const member of [ana, guest]) await listed(member.client, [anaListed, inSync]);
    // A new error reading alone goes out with the next refresh, about a second later.
    guest.client.send({ type: 'report', status: 'in_sync', error: -0.25, rtt: 35 });
    await listed(ana.client, [anaListed, { ...inSync, error: -0.25 }]);

    guest.client.close();
    await listed(ana.client, [anaListed]);
  });

  it('keep a name that is not well-formed text, repaired', async () => {
    const relay = await relayWith();
    const video = await newVideo(relay);
    const { welcome } = await join(relay, video.inviteKey, 'Ana \ud83d');
    expect(welcome.members).toEqual([syncing(welcome.memberId, 'Ana \ufffd')]);
  });

  it('leave out, and delete, the members of a node that stopped vouching for them', async () => {
    const KEY_PREFIX = freshPrefix();
    const relay = await relayWith({ KEY_PREFIX });
    const video = await newVideo(relay);
    const redis = new Redis(inject('redisUrl'));
    cleanups.push(() => redis.quit());
    const membersKey = redisKeys(KEY_PREFIX).roomMembers(roomIdForKey(video.inviteKey));
    const ghost = 'dead'.repeat(8);
    // Last refreshed a minute ago by a node that has since crashed; the slowest member by far.
    const writeGhost = () =>
      redis.hset(
        membersKey,
        ghost,
        JSON.stringify({
          name: 'Ghost',
          status: 'in_sync',
          error: 0,
          rtt: 5000,
          seenAt: performance.timeOrigin + performance.now() - 60_000,
        }),
      );
    await writeGhost();

    const a = await join(relay, video.inviteKey, 'Ana');
    expect(a.welcome.members.map((m) => m.id)).toEqual([a.welcome.memberId]);
    expect(await redis.hexists(membersKey, ghost)).toBe(0);
    expect(await redis.ttl(membersKey)).toBeGreaterThan(3600);

    // Nor does it count for a start's lead or a seek's barrier.
    await writeGhost();
    const before = await a.client.relayTime();
    a.client.send({ type: 'control', baseRev: 1, action: 'play', position: 0, rate: 1 });
    const { state } = await a.client.next('state');
    expect(state.at - before).toBeGreaterThanOrEqual(330);
    expect(state.at - (await a.client.relayTime())).toBeLessThanOrEqual(330);
    a.client.send({ type: 'control', baseRev: 2, action: 'seek', position: 9, rate: 1 });
    expect((await a.client.next('state')).state.hold?.waitingFor).toEqual([a.welcome.memberId]);
  });
});
