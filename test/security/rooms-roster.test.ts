import * as v from 'valibot';
import { describe, expect, it, vi } from 'vitest';
import {
  CloseCode,
  MAX_FRAME_BYTES,
  ServerFrameSchema,
  type MembersFrame,
  type ServerFrame,
  type WelcomeFrame,
} from '../../shared/protocol';
import type { RunningRelay } from '../../server/relay-server';
import { newSession, saveVideo } from '../support/api';
import { TestClient, testScope, WAIT } from '../integration/harness';

const { cleanups, relayWith } = testScope();

/** A socket that also keeps the size of every frame the relay sent it, as sent. */
async function rawClient(relay: RunningRelay) {
  const client = await TestClient.connect(relay);
  cleanups.push(() => client.close());
  const sizes: number[] = [];
  const lists: (MembersFrame | WelcomeFrame)[] = [];
  client.ws.on('message', (data: Buffer) => {
    sizes.push(data.length);
    const frame: ServerFrame = v.parse(ServerFrameSchema, JSON.parse(data.toString('utf8')));
    if (frame.type === 'members' || frame.type === 'welcome') lists.push(frame);
  });
  return { client, sizes, lists };
}

describe('a crowded room', () => {
  it('admits 50 of 64 members named "0", says it is full, and every list shows host and self', async () => {
    const relay = await relayWith();
    const owner = await newSession(relay);
    const video = await saveVideo(relay, owner.session, {
      youtubeId: 'dQw4w9WgXcQ',
      title: 'Ours',
    });
    const members: Awaited<ReturnType<typeof rawClient>>[] = [];
    const turnedAway: { error: ServerFrame; code: number }[] = [];
    for (let i = 0; i < 64; i++) {
      const member = await rawClient(relay);
      member.client.send({
        type: 'hello',
        v: 1,
        key: video.inviteKey,
        name: '0',
        ...(i === 0 ? { session: owner.session } : {}),
      });
      const answer = await vi.waitFor(() => {
        const got = member.lists[0] ?? member.client.unread('error')[0];
        if (!got) throw new Error('no answer yet');
        return got;
      }, WAIT);
      if (answer.type === 'welcome') members.push(member);
      else turnedAway.push({ error: answer, code: (await member.client.closed).code });
    }
    expect(members).toHaveLength(50);
    expect(turnedAway).toHaveLength(14);
    for (const { error, code } of turnedAway) {
      expect(code).toBe(CloseCode.ROOM_FULL);
      expect(error).toEqual({ type: 'error', code: 'room_full', limit: 50 });
    }
    // The owner gets in whatever the count (a crowd must not lock the host out).
    const ownerTab = await rawClient(relay);
    ownerTab.client.send({ type: 'hello', v: 1, key: video.inviteKey, session: owner.session });
    await ownerTab.client.next('welcome');
    members.push(ownerTab);

    const hostId = (members[0]?.lists[0] as WelcomeFrame).memberId;
    for (const member of members) {
      const self = (member.lists[0] as WelcomeFrame).memberId;
      // The newest list reaches everyone: 51 members (a list too long for one frame is cut, and
      // says how many it leaves out: server/relay/members-frames.test.ts).
      await vi.waitFor(() => {
        const list = member.lists.at(-1);
        if (!list || list.members.length + list.unlisted !== 51) throw new Error('not yet');
      }, WAIT);
      for (const list of member.lists) {
        const ids = list.members.map((m) => m.id);
        expect(ids).toContain(self);
        expect(ids).toContain(hostId);
      }
      expect(Math.max(...member.sizes)).toBeLessThanOrEqual(MAX_FRAME_BYTES);
    }
  });
});

describe('a rename flood', () => {
  it('is paced per member, and the room gets a few members frames, not one per rename', async () => {
    const relay = await relayWith();
    const owner = await newSession(relay);
    const video = await saveVideo(relay, owner.session, {
      youtubeId: 'dQw4w9WgXcQ',
      title: 'Ours',
    });
    const watcher = await rawClient(relay);
    watcher.client.send({ type: 'hello', v: 1, key: video.inviteKey, session: owner.session });
    const { memberId: watcherId } = await watcher.client.next('welcome');
    const flooders: TestClient[] = [];
    for (let i = 0; i < 20; i++) {
      const { client } = await TestClient.join(relay, video.inviteKey, { name: `m${i}` });
      cleanups.push(() => client.close());
      flooders.push(client);
    }
    await watcher.client.nextWhere('members', (frame) => frame.members.length === 21);

    const before = watcher.lists.length;
    const started = performance.now();
    for (const [i, client] of flooders.entries()) {
      for (let n = 1; n <= 5; n++) client.send({ type: 'rename', name: `m${i} v${n}` });
    }
    // Three renames each take effect at once; of the two over the budget only the newest does,
    // once the budget allows (2 s later): nothing is lost, and nothing floods.
    await watcher.client.nextWhere('members', (frame) =>
      frame.members.every((m) => m.name.endsWith(' v3') || m.id === watcherId),
    );
    const final = await watcher.client.nextWhere('members', (frame) =>
      frame.members.every((m) => m.name.endsWith(' v5') || m.id === watcherId),
    );
    const elapsed = performance.now() - started;
    expect(elapsed).toBeGreaterThan(1500);
    expect(final.members.filter((m) => m.name.endsWith(' v5'))).toHaveLength(20);
    for (const client of flooders) expect(client.unread('error')).toEqual([]);
    // 80 renames reached the list in a few batched frames: at most one per 250 ms, and one more.
    const frames = watcher.lists.length - before;
    expect(frames).toBeGreaterThan(0);
    expect(frames).toBeLessThanOrEqual(Math.ceil(elapsed / 250) + 1);
    expect(frames).toBeLessThan(20);
  });
});
