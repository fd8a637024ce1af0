import { describe, expect, it } from 'vitest';
import type { RunningRelay } from '../../server/relay-server';
import { newVideo } from '../support/api';
import { freshPrefix } from '../support/relay';
import { startTestRelay, TestClient, testScope } from './harness';

const { cleanups } = testScope();

async function relayWith(env: Record<string, string>): Promise<RunningRelay> {
  const relay = await startTestRelay(env);
  cleanups.push(() => relay.close());
  return relay;
}

async function join(relay: RunningRelay, key: string, name?: string) {
  const joined = await TestClient.join(relay, key, name === undefined ? {} : { name });
  cleanups.push(() => joined.client.close());
  return joined;
}

describe('several relay nodes on one Redis', () => {
  it('share rooms: members on different nodes see each other’s controls', async () => {
    const KEY_PREFIX = freshPrefix();
    const one = await relayWith({ KEY_PREFIX, NODE_ID: 'one' });
    const two = await relayWith({ KEY_PREFIX, NODE_ID: 'two' });
    // Saved through node one, opened through node two: the library is shared too.
    const video = await newVideo(one);
    const a = await join(one, video.inviteKey);
    const b = await join(two, video.inviteKey);
    expect(b.welcome.state).toEqual(a.welcome.state);

    a.client.send({ type: 'control', baseRev: 1, action: 'play', position: 5, rate: 1 });
    for (const member of [a, b]) {
      expect(await member.client.next('state')).toMatchObject({
        by: a.welcome.memberId,
        state: { rev: 2, playing: true, position: 5 },
      });
    }
    b.client.send({ type: 'control', baseRev: 2, action: 'pause', position: 7, rate: 1 });
    for (const member of [a, b]) {
      expect(await member.client.next('state')).toMatchObject({
        by: b.welcome.memberId,
        state: { rev: 3, playing: false, position: 7 },
      });
    }
  });

  it('share holds and member lists: a ready on one node releases a hold made on another', async () => {
    const KEY_PREFIX = freshPrefix();
    const one = await relayWith({ KEY_PREFIX });
    const two = await relayWith({ KEY_PREFIX });
    const video = await newVideo(one);
    const a = await join(one, video.inviteKey, 'Ana');
    const b = await join(two, video.inviteKey, 'Ben');
    const [aId, bId] = [a.welcome.memberId, b.welcome.memberId];
    const both = [
      { id: aId, name: 'Ana', host: false, status: 'syncing', error: null },
      { id: bId, name: 'Ben', host: false, status: 'syncing', error: null },
    ];
    expect(b.welcome.members).toEqual(both);
    // Node one hears of Ben with its next refresh.
    await a.client.nextWhere(
      'members',
      (frame) => JSON.stringify(frame.members) === JSON.stringify(both),
    );

    a.client.send({ type: 'control', baseRev: 1, action: 'play', position: 0, rate: 1 });
    await a.client.next('state');
    await b.client.next('state');
    a.client.send({ type: 'control', baseRev: 2, action: 'seek', position: 30, rate: 1 });
    for (const member of [a, b]) {
      expect((await member.client.next('state')).state.hold).toMatchObject({
        id: 3,
        waitingFor: [aId, bId],
      });
    }
    a.client.send({ type: 'ready', holdId: 3 });
    for (const member of [a, b]) {
      expect((await member.client.next('state')).state.hold?.waitingFor).toEqual([bId]);
    }
    b.client.send({ type: 'ready', holdId: 3 });
    for (const member of [a, b]) {
      expect(await member.client.next('state')).toMatchObject({
        by: bId,
        state: { rev: 5, playing: true, position: 30, hold: null },
      });
    }
  });

  it('release a hold at its deadline once, though every node tries', async () => {
    const KEY_PREFIX = freshPrefix();
    const one = await relayWith({ KEY_PREFIX, SEEK_HOLD_CAP_MS: '200' });
    const two = await relayWith({ KEY_PREFIX, SEEK_HOLD_CAP_MS: '200' });
    const video = await newVideo(one);
    const a = await join(one, video.inviteKey);
    const b = await join(two, video.inviteKey);
    a.client.send({ type: 'control', baseRev: 1, action: 'play', position: 0, rate: 1 });
    a.client.send({ type: 'control', baseRev: 2, action: 'seek', position: 30, rate: 1 });
    let deadline = 0;
    for (const member of [a, b]) {
      expect((await member.client.next('state')).state.rev).toBe(2);
      const { hold } = (await member.client.next('state')).state;
      expect(hold).toMatchObject({ id: 3 });
      deadline = hold?.deadline ?? 0;
      expect(await member.client.next('state')).toMatchObject({
        by: null,
        state: { rev: 4, hold: null },
      });
    }
    // Each node's clock past the deadline: its timer has fired (timers run before later frames
    // are read), and the barrier brings whatever its try published.
    for (const member of [a, b]) {
      await member.client.relayTimeReaches(deadline + 10);
      await member.client.barrier();
    }
    for (const member of [a, b]) expect(member.client.unread('state')).toEqual([]);
  });

  it('resubscribes a node whose last member left when a new member arrives', async () => {
    const KEY_PREFIX = freshPrefix();
    const one = await relayWith({ KEY_PREFIX, ROOM_LINGER_MS: '0' });
    const two = await relayWith({ KEY_PREFIX, ROOM_LINGER_MS: '0' });
    const video = await newVideo(one);
    const a = await join(one, video.inviteKey);
    const leaver = await join(two, video.inviteKey);
    leaver.client.close();
    await leaver.client.closed;
    const b = await join(two, video.inviteKey);

    a.client.send({ type: 'control', baseRev: 1, action: 'seek', position: 30, rate: 1 });
    expect(await b.client.next('state')).toMatchObject({ state: { rev: 2, position: 30 } });
  });
});
