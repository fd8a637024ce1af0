import { Redis } from 'ioredis';
import { describe, expect, inject, it } from 'vitest';
import type { MemberInfo } from '../../shared/protocol';
import type { RunningRelay } from '../../server/relay-server';
import { roomIdForKey } from '../../server/secrets';
import { redisKeys } from '../../server/redis/keys';
import { api, newSession, saveVideo } from '../support/api';
import { freshPrefix } from '../support/relay';
import { TestClient, testScope } from '../integration/harness';

const { cleanups, relayWith } = testScope();

async function join(relay: RunningRelay, key: string, name: string, session: string) {
  const joined = await TestClient.join(relay, key, { name, session });
  cleanups.push(() => joined.client.close());
  return joined;
}

const hosts = (members: MemberInfo[]) => members.filter((m) => m.host).map((m) => m.name);

/** A video saved by its owner, Olga, and a friend, Fred, who has the invite key. */
async function ownedVideo(relay: RunningRelay) {
  const owner = await newSession(relay);
  const video = await saveVideo(relay, owner.session, { youtubeId: 'dQw4w9WgXcQ', title: 'Ours' });
  const friend = await newSession(relay);
  return { video, owner, friend };
}

describe('the host of a room', () => {
  it('is the owner once the owner joins a room a friend re-created; the friend cannot remove them', async () => {
    const KEY_PREFIX = freshPrefix();
    const relay = await relayWith({ KEY_PREFIX });
    const { video, owner, friend } = await ownedVideo(relay);
    // The room existed once and expired: its keys are gone, as after ROOM_TTL_S.
    const first = await join(relay, video.inviteKey, 'Olga', owner.session);
    first.client.close();
    await first.client.closed;
    const redis = new Redis(inject('redisUrl'));
    cleanups.push(() => redis.quit());
    const keys = redisKeys(KEY_PREFIX);
    const rid = roomIdForKey(video.inviteKey);
    await redis.del(keys.roomState(rid), keys.roomMeta(rid), keys.roomMembers(rid));

    const fred = await join(relay, video.inviteKey, 'Fred', friend.session);
    expect(hosts(fred.welcome.members)).toEqual(['Fred']);
    const olga = await join(relay, video.inviteKey, 'Olga', owner.session);
    expect(hosts(olga.welcome.members)).toEqual(['Olga']);
    await fred.client.nextWhere('members', (f) => JSON.stringify(hosts(f.members)) === '["Olga"]');

    fred.client.send({ type: 'remove', memberId: olga.welcome.memberId });
    expect(await fred.client.next('error')).toMatchObject({ code: 'host_only' });
    // Olga is still in, and still host.
    olga.client.send({ type: 'host_only', on: true });
    await fred.client.nextWhere('members', (f) => f.hostOnly && hosts(f.members)[0] === 'Olga');
  });

  it('is handed over by the owner, but the new host can never remove the owner', async () => {
    const relay = await relayWith();
    const { video, owner, friend } = await ownedVideo(relay);
    const olga = await join(relay, video.inviteKey, 'Olga', owner.session);
    const fred = await join(relay, video.inviteKey, 'Fred', friend.session);
    olga.client.send({ type: 'hand_host', memberId: fred.welcome.memberId });
    await olga.client.nextWhere('members', (f) => hosts(f.members)[0] === 'Fred');

    fred.client.send({ type: 'remove', memberId: olga.welcome.memberId });
    expect(await fred.client.next('error')).toEqual({ type: 'error', code: 'cannot_remove_owner' });
    // The owner reconnecting leaves host with Fred while he is here...
    const olgaTab = await join(relay, video.inviteKey, 'Olga', owner.session);
    expect(hosts(olgaTab.welcome.members)).toEqual(['Fred']);
    // ...and takes it back once he has gone.
    fred.client.close();
    await fred.client.closed;
    const back = await join(relay, video.inviteKey, 'Olga', owner.session);
    expect(hosts(back.welcome.members)).toEqual(['Olga', 'Olga', 'Olga']);
  });

  it('is never revealed by the invite lookup', async () => {
    const relay = await relayWith();
    const { video } = await ownedVideo(relay);
    const { status, json } = await api(relay, '/api/invites/lookup', {
      body: { key: video.inviteKey },
    });
    expect(status).toBe(200);
    expect(json).toEqual({ kind: 'video', youtubeId: 'dQw4w9WgXcQ', title: 'Ours' });
  });
});
