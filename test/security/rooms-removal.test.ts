import { Redis } from 'ioredis';
import { describe, expect, inject, it } from 'vitest';
import { CloseCode } from '../../shared/protocol';
import type { RunningRelay } from '../../server/relay-server';
import { roomIdForKey } from '../../server/secrets';
import { redisKeys } from '../../server/redis/keys';
import { newSession, saveVideo } from '../support/api';
import { freshPrefix } from '../support/relay';
import { TestClient, testScope } from '../integration/harness';
import { from, joinFrom } from './support/join-from';

const { cleanups, relayWith } = testScope();

/** Where each one connects from (the relays trust `X-Forwarded-For`, as behind a proxy). */
const OLGA_IP = '198.51.100.1';
const MALLORY_IP = '203.0.113.7';

const join = (relay: RunningRelay, key: string, name: string, ip: string, session?: string) =>
  joinFrom(cleanups, relay, key, name, ip, session);

/** A hello that is refused: its error frame and close code. */
async function refused(relay: RunningRelay, key: string, ip: string, session?: string) {
  const client = await TestClient.connect(relay, from(ip));
  cleanups.push(() => client.close());
  client.send({ type: 'hello', v: 1, key, name: 'Totally new', ...(session ? { session } : {}) });
  return { error: await client.next('error'), close: (await client.closed).code };
}

describe('removing a member', () => {
  it('keeps its address out: a fresh identity or a guest from there is refused on every node', async () => {
    const KEY_PREFIX = freshPrefix();
    const one = await relayWith({ KEY_PREFIX, TRUST_PROXY: '1' });
    const two = await relayWith({ KEY_PREFIX, TRUST_PROXY: '1' });
    const owner = await newSession(one);
    const video = await saveVideo(one, owner.session, { youtubeId: 'dQw4w9WgXcQ', title: 'Ours' });
    const olga = await join(one, video.inviteKey, 'Olga', OLGA_IP, owner.session);
    const mallory = await join(
      two,
      video.inviteKey,
      'Mallory',
      MALLORY_IP,
      (await newSession(one)).session,
    );
    // Sam shares Mallory's address (one household, one NAT) and is watching too.
    const samSession = (await newSession(one)).session;
    const sam = await join(one, video.inviteKey, 'Sam', MALLORY_IP, samSession);
    await olga.client.nextWhere('members', (frame) => frame.members.length === 3);

    olga.client.send({ type: 'remove', memberId: mallory.welcome.memberId });
    expect((await mallory.client.closed).code).toBe(CloseCode.REMOVED);
    await olga.client.nextWhere('members', (frame) => frame.members.length === 2);

    for (const relay of [one, two]) {
      const fresh = await refused(
        relay,
        video.inviteKey,
        MALLORY_IP,
        (await newSession(relay)).session,
      );
      expect(fresh.close).toBe(CloseCode.REMOVED);
      // Someone on the network was removed, and the wait is told (in minutes, 9 or 10 of them).
      expect(fresh.error).toMatchObject({ code: 'removed', by: 'address' });
      const retryAfterS = fresh.error.type === 'error' ? (fresh.error.retryAfterS ?? 0) : 0;
      expect([9, 10]).toContain(Math.ceil(retryAfterS / 60));
      expect((await refused(relay, video.inviteKey, MALLORY_IP)).close).toBe(CloseCode.REMOVED);
    }

    // Sam was in the room at the time: a reconnect of his gets back in.
    sam.client.close();
    await sam.client.closed;
    const samBack = await join(two, video.inviteKey, 'Sam', MALLORY_IP, samSession);
    expect(samBack.welcome.members.map((m) => m.name).sort()).toEqual(['Olga', 'Sam']);
    // The owner is never kept out, whatever address she comes from.
    const olgaAway = await join(two, video.inviteKey, 'Olga', MALLORY_IP, owner.session);
    expect(olgaAway.welcome.members.filter((m) => m.host)).toHaveLength(2);
    // Others elsewhere still join.
    await join(two, video.inviteKey, 'Cyd', '192.0.2.44');

    // Kept for the ban time, then forgotten.
    const redis = new Redis(inject('redisUrl'));
    cleanups.push(() => redis.quit());
    const bannedKey = redisKeys(KEY_PREFIX).roomBanned(roomIdForKey(video.inviteKey));
    expect(await redis.hexists(bannedKey, `ip:${MALLORY_IP}`)).toBe(1);
    expect(await redis.pttl(bannedKey)).toBeGreaterThan(590_000);
  });
});
