import { Redis } from 'ioredis';
import { describe, expect, inject, it } from 'vitest';
import type { RunningRelay } from '../../server/relay-server';
import { roomIdForKey } from '../../server/secrets';
import { redisKeys } from '../../server/redis/keys';
import { newSession, saveVideo } from '../support/api';
import { freshPrefix } from '../support/relay';
import { TestClient, testScope } from '../integration/harness';

const { cleanups, relayWith } = testScope();

async function join(relay: RunningRelay, key: string, name: string, session: string) {
  const joined = await TestClient.join(relay, key, { name, session });
  cleanups.push(() => joined.client.close());
  return joined;
}

/** A playing room of Olga's (its owner and host) with Gus, a guest with a user of his own. */
async function playingRoom(KEY_PREFIX: string) {
  const relay = await relayWith({ KEY_PREFIX });
  const owner = await newSession(relay);
  const video = await saveVideo(relay, owner.session, { youtubeId: 'dQw4w9WgXcQ', title: 'Ours' });
  const olga = await join(relay, video.inviteKey, 'Olga', owner.session);
  const gus = await join(relay, video.inviteKey, 'Gus', (await newSession(relay)).session);
  olga.client.send({ type: 'control', baseRev: 1, action: 'play', position: 0, rate: 1 });
  for (const member of [olga, gus]) expect((await member.client.next('state')).state.rev).toBe(2);
  return { video, olga, gus };
}

/**
 * Waits until everything `client` sent before has been through Redis: a chat message goes out
 * on the same command connection and the same channel, after anything the earlier frames caused.
 */
async function flushed(client: TestClient, everyone: TestClient[], text: string) {
  client.send({ type: 'chat', text });
  for (const member of everyone) {
    await member.nextWhere('message', (frame) => frame.message.text === text);
  }
}

describe('a stall under Only host controls', () => {
  it('from a guest holds no one: the room plays on and nothing misleading is said', async () => {
    const KEY_PREFIX = freshPrefix();
    const { video, olga, gus } = await playingRoom(KEY_PREFIX);
    olga.client.send({ type: 'host_only', on: true });
    await gus.client.nextWhere('members', (frame) => frame.hostOnly);

    // Again and again, as a griefer (or a bad connection) would.
    for (let i = 0; i < 3; i++) {
      gus.client.send({ type: 'stall' });
      await flushed(gus.client, [olga.client, gus.client], `after stall ${i}`);
    }
    for (const member of [olga, gus]) {
      expect(member.client.unread('state')).toEqual([]);
      expect(member.client.unread('error')).toEqual([]);
    }
    const redis = new Redis(inject('redisUrl'));
    cleanups.push(() => redis.quit());
    const stateKey = redisKeys(KEY_PREFIX).roomState(roomIdForKey(video.inviteKey));
    expect(await redis.hmget(stateKey, 'rev', 'playing', 'holdId')).toEqual(['2', '1', null]);
  });

  it('from the host still holds the room, as does a guest’s without the lock', async () => {
    const { olga, gus } = await playingRoom(freshPrefix());
    olga.client.send({ type: 'host_only', on: true });
    await gus.client.nextWhere('members', (frame) => frame.hostOnly);
    olga.client.send({ type: 'stall' });
    for (const member of [olga, gus]) {
      expect(await member.client.next('state')).toMatchObject({
        by: olga.welcome.memberId,
        state: { rev: 3, hold: { reason: 'buffering', waitingFor: [olga.welcome.memberId] } },
      });
    }
    olga.client.send({ type: 'nowait' });
    for (const member of [olga, gus]) {
      expect((await member.client.next('state')).state).toMatchObject({ rev: 4, hold: null });
    }

    olga.client.send({ type: 'host_only', on: false });
    await gus.client.nextWhere('members', (frame) => !frame.hostOnly);
    gus.client.send({ type: 'stall' });
    expect(await olga.client.next('state')).toMatchObject({
      by: gus.welcome.memberId,
      state: { rev: 5, hold: { reason: 'buffering', waitingFor: [gus.welcome.memberId] } },
    });
  });
});
