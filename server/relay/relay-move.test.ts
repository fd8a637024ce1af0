import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { InviteLookupResponse } from '../../shared/protocol';
import { MemoryCluster, settle } from './testing/memory-cluster';

const KEY = 'abcdefghijklmnopqrstuvwxyz';
const PLAYLIST_KEY = 'zyxwvutsrqponmlkjihgfedcba';
const OWNER_SESSION = 'o'.repeat(43);
const GUEST_SESSION = 'g'.repeat(43);
const FIRST = 'dQw4w9WgXcQ';

let cluster: MemoryCluster;

beforeEach(() => {
  vi.useFakeTimers({
    toFake: ['setTimeout', 'clearTimeout', 'setInterval', 'clearInterval', 'Date', 'performance'],
  });
  cluster = new MemoryCluster({});
  cluster.video(KEY, 'owner', FIRST);
  cluster.lookups.addSession(OWNER_SESSION, 'owner');
  cluster.lookups.addSession(GUEST_SESSION, 'guest');
});

afterEach(async () => {
  await cluster.close();
  vi.useRealTimers();
});

function move(to: string, title: string, from = FIRST) {
  return { type: 'move', from, to, title } as const;
}

describe('Play next together on the relay', () => {
  it('moves the room once when two members on two nodes press it at once', async () => {
    const [one, two] = [cluster.node(), cluster.node()];
    const ana = await cluster.join(one, KEY);
    const ben = await cluster.join(two, KEY);
    ana.client.sendFrame(move('bbbbbbbbbb2', 'Ana’s next'));
    ben.client.sendFrame(move('ccccccccc03', 'Ben’s next'));
    await settle();
    for (const { client } of [ana, ben]) {
      const moves = client.all('state').filter((frame) => frame.state.hold?.reason === 'load');
      expect(moves).toHaveLength(1);
      expect(moves[0]!.state).toMatchObject({ videoId: 'bbbbbbbbbb2', title: 'Ana’s next' });
      expect(client.all('error')).toEqual([]);
    }
  });

  it('welcomes a later joiner by the invite key onto the new video, by its title', async () => {
    const relay = cluster.node();
    const ana = await cluster.join(relay, KEY);
    ana.client.sendFrame(move('bbbbbbbbbb2', 'Sync Test Pattern B'));
    await settle();
    const { welcome } = await cluster.join(relay, KEY);
    expect(welcome.video).toEqual({ youtubeId: 'bbbbbbbbbb2', title: 'Sync Test Pattern B' });
    expect(welcome.state).toMatchObject({ videoId: 'bbbbbbbbbb2', title: 'Sync Test Pattern B' });
  });

  it('refuses a guest under the host-only lock and lets the host move the room', async () => {
    const relay = cluster.node();
    const host = await cluster.join(relay, KEY, { session: OWNER_SESSION });
    const guest = await cluster.join(relay, KEY, { session: GUEST_SESSION });
    host.client.sendFrame({ type: 'host_only', on: true });
    await settle();
    guest.client.fresh();
    guest.client.sendFrame(move('bbbbbbbbbb2', 'B'));
    await settle();
    expect(guest.client.fresh()).toEqual([
      { type: 'state', state: expect.objectContaining({ videoId: FIRST }) as unknown, by: null },
      { type: 'error', code: 'host_only' },
    ]);
    host.client.sendFrame(move('bbbbbbbbbb2', 'B'));
    await settle();
    expect(guest.client.last('state')).toMatchObject({ state: { videoId: 'bbbbbbbbbb2' } });
  });

  it('leaves a playlist room to its queue', async () => {
    const target: InviteLookupResponse = {
      kind: 'playlist',
      title: 'Shorts',
      items: [{ youtubeId: FIRST, title: 'A video' }],
    };
    cluster.lookups.addInvite(PLAYLIST_KEY, target, 'owner');
    const relay = cluster.node();
    const ana = await cluster.join(relay, PLAYLIST_KEY);
    ana.client.fresh();
    ana.client.sendFrame(move('bbbbbbbbbb2', 'B'));
    await settle();
    expect(ana.client.fresh()).toEqual([]);
  });
});
