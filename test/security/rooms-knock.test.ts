import { describe, expect, it } from 'vitest';
import { CloseCode } from '../../shared/protocol';
import type { RunningRelay } from '../../server/relay-server';
import { newSession, saveVideo } from '../support/api';
import { freshPrefix } from '../support/relay';
import { TestClient, testScope } from '../integration/harness';
import { from, joinFrom } from './support/join-from';

const { cleanups, relayWith } = testScope();

const join = (relay: RunningRelay, key: string, name: string, ip: string, session?: string) =>
  joinFrom(cleanups, relay, key, name, ip, session);

/** A joiner's socket after its hello, before any answer. */
async function knock(relay: RunningRelay, key: string, name: string, ip: string, session?: string) {
  const client = await TestClient.connect(relay, from(ip));
  cleanups.push(() => client.close());
  client.send({ type: 'hello', v: 1, key, name, ...(session ? { session } : {}) });
  await client.next('knocking');
  return client;
}

describe('Only people I let in', () => {
  it('keeps joiners waiting until the host, on another node, lets them in or turns them away', async () => {
    const KEY_PREFIX = freshPrefix();
    const one = await relayWith({ KEY_PREFIX, TRUST_PROXY: '1' });
    const two = await relayWith({ KEY_PREFIX, TRUST_PROXY: '1' });
    const owner = await newSession(one);
    const video = await saveVideo(one, owner.session, { youtubeId: 'dQw4w9WgXcQ', title: 'Ours' });
    const olga = await join(one, video.inviteKey, 'Olga', '198.51.100.1', owner.session);
    const benSession = (await newSession(one)).session;
    const ben = await join(one, video.inviteKey, 'Ben', '198.51.100.2', benSession);
    olga.client.send({ type: 'let_in_only', on: true });
    await ben.client.nextWhere('members', (frame) => frame.letInOnly);

    const ann = await knock(
      two,
      video.inviteKey,
      'Ann',
      '192.0.2.10',
      (await newSession(two)).session,
    );
    const moe = await knock(two, video.inviteKey, 'Moe', '203.0.113.9');
    const list = await olga.client.nextWhere('knocks', (frame) => frame.knocks.length === 2);
    expect(list.knocks.map((k) => k.name)).toEqual(['Ann', 'Moe']);
    // Only the host hears who is waiting, and only the host may answer.
    expect(ben.client.unread('knocks')).toEqual([]);
    const annId = list.knocks[0]?.id ?? '';
    ben.client.send({ type: 'let_in', memberId: annId });
    expect(await ben.client.next('error')).toMatchObject({ code: 'host_only' });
    expect(ann.unread('welcome')).toEqual([]);

    olga.client.send({ type: 'let_in', memberId: annId });
    const welcome = await ann.next('welcome');
    expect(welcome.members.map((m) => m.name).sort()).toEqual(['Ann', 'Ben', 'Olga']);
    expect(welcome.letInOnly).toBe(true);
    await olga.client.nextWhere('members', (frame) => frame.members.length === 3);

    olga.client.send({ type: 'deny', memberId: list.knocks[1]?.id ?? '' });
    expect(await moe.next('error')).toEqual({ type: 'error', code: 'denied' });
    expect((await moe.closed).code).toBe(CloseCode.DENIED);
    await olga.client.nextWhere('knocks', (frame) => frame.knocks.length === 0);
    // Turned away is kept out, with a fresh identity too, like a removal.
    const again = await TestClient.connect(two, from('203.0.113.9'));
    cleanups.push(() => again.close());
    again.send({
      type: 'hello',
      v: 1,
      key: video.inviteKey,
      session: (await newSession(two)).session,
    });
    expect((await again.closed).code).toBe(CloseCode.REMOVED);

    // Those who were in, and the owner, come back without knocking.
    ben.client.close();
    await ben.client.closed;
    await join(two, video.inviteKey, 'Ben', '198.51.100.2', benSession);
    await join(two, video.inviteKey, 'Olga', '198.51.100.7', owner.session);
  });

  it('lets everyone waiting in when the host turns it off', async () => {
    const relay = await relayWith();
    const owner = await newSession(relay);
    const video = await saveVideo(relay, owner.session, {
      youtubeId: 'dQw4w9WgXcQ',
      title: 'Ours',
    });
    const olga = await join(relay, video.inviteKey, 'Olga', '127.0.0.1', owner.session);
    olga.client.send({ type: 'let_in_only', on: true });
    await olga.client.nextWhere('members', (frame) => frame.letInOnly);
    const guest = await knock(relay, video.inviteKey, 'Gus', '127.0.0.1');
    await olga.client.nextWhere('knocks', (frame) => frame.knocks.length === 1);
    olga.client.send({ type: 'let_in_only', on: false });
    expect((await guest.next('welcome')).letInOnly).toBe(false);
  });
});
