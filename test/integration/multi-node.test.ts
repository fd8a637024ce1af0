import { afterEach, describe, expect, it } from 'vitest';
import type { RunningRelay } from '../../server/relay-server';
import { freshPrefix, newVideo, startTestRelay, TestClient } from './harness';

const cleanups: (() => Promise<unknown> | void)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function relayWith(env: Record<string, string>): Promise<RunningRelay> {
  const relay = await startTestRelay(env);
  cleanups.push(() => relay.close());
  return relay;
}

async function join(relay: RunningRelay, key: string) {
  const joined = await TestClient.join(relay, key);
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
