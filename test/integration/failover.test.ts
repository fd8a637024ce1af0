import { describe, expect, inject, it, vi } from 'vitest';
import type { RunningRelay } from '../../server/relay-server';
import { MEMBER_STALE_MS } from '../../server/relay/ports/members';
import { newSession, saveVideo } from '../support/api';
import { freshPrefix } from '../support/relay';
import { startTestRelay, testScope } from './harness';
import { ReconnectingMember, type ReconnectingMemberOptions } from './support/reconnecting-member';
import { startRelayProcess } from '../support/relay-process';
import { SeededRandom } from '../support/seeded-random';

const { cleanups } = testScope();

async function relayWith(env: Record<string, string>): Promise<RunningRelay> {
  const relay = await startTestRelay(env);
  cleanups.push(() => relay.close());
  return relay;
}

async function member(options: ReconnectingMemberOptions): Promise<ReconnectingMember> {
  const joined = await ReconnectingMember.join(options);
  cleanups.push(() => joined.stop());
  return joined;
}

/** The ids of the member list `watcher` was last sent, sorted. */
function listedIds(watcher: ReconnectingMember): string[] {
  return watcher.members.map((m) => m.id).toSorted();
}

function idsOf(members: ReconnectingMember[]): string[] {
  return members.map((m) => m.memberId).toSorted();
}

describe('a relay node going away', () => {
  it('sends its members to another node, where they resume on the current state', async () => {
    const random = SeededRandom.fromEnv();
    const KEY_PREFIX = freshPrefix();
    const [a, b, c] = [
      await relayWith({ KEY_PREFIX, NODE_ID: 'a' }),
      await relayWith({ KEY_PREFIX, NODE_ID: 'b' }),
      await relayWith({ KEY_PREFIX, NODE_ID: 'c' }),
    ];
    const urls = [a.url, b.url, c.url];
    const { session } = await newSession(a);
    const video = await saveVideo(a, session, { youtubeId: 'dQw4w9WgXcQ', title: 'A video' });
    const key = video.inviteKey;
    // The host (the video's owner) and a guest on node a; one member on each other node.
    const host = await member({ urls, first: 0, key, session, name: 'Host', random });
    const guest = await member({ urls, first: 0, key, name: 'Guest', random });
    const onB = await member({ urls, first: 1, key, name: 'Bea', random });
    const onC = await member({ urls, first: 2, key, name: 'Cy', random });
    const everyone = [host, guest, onB, onC];
    onB.send({ type: 'control', baseRev: 1, action: 'play', position: 5, rate: 1 });
    await vi.waitFor(() => everyone.forEach((m) => expect(m.latest.rev).toBe(2)));
    const oldIds = [host.memberId, guest.memberId];

    const started = performance.now();
    await a.close();
    // The room moves on while a's members are away: they must land on this, not on rev 2.
    onC.send({ type: 'control', baseRev: 2, action: 'pause', position: 60, rate: 1 });
    for (const moved of [host, guest]) {
      const welcome = await moved.waitForWelcomes(2);
      expect(moved.node).toBe(1);
      expect(moved.closeCodes).toEqual([1001]);
      expect(welcome.state.rev).toBeGreaterThanOrEqual(2);
    }
    const resumedMs = Math.round(performance.now() - started);
    await vi.waitFor(() => everyone.forEach((m) => expect(m.latest.rev).toBe(3)));
    for (const m of everyone) {
      expect(m.latest).toEqual(onC.latest);
      expect(m.regressions()).toEqual([]);
    }
    expect(onC.latest).toMatchObject({ position: 60, playing: false });
    // The others never noticed: same socket, every rev once.
    for (const stayed of [onB, onC]) {
      expect(stayed.closeCodes).toEqual([]);
      expect(stayed.welcomes).toHaveLength(1);
      expect(stayed.revs()).toEqual([1, 2, 3]);
    }
    // Lists everywhere show the moved members under their new ids, and the host is still host.
    await vi.waitFor(() => {
      for (const m of everyone) expect(listedIds(m)).toEqual(idsOf(everyone));
    });
    for (const id of oldIds) expect(listedIds(onC)).not.toContain(id);
    expect(onC.members.find((m) => m.host)?.id).toBe(host.memberId);

    // And the room goes on from the node they moved to.
    host.send({ type: 'control', baseRev: 3, action: 'play', position: 60, rate: 1 });
    await vi.waitFor(() => everyone.forEach((m) => expect(m.latest.rev).toBe(4)));
    console.log(`graceful failover: 2 members resumed on another node in ${resumedMs} ms`);
  });

  it('survives a crash: members reconnect elsewhere and the dead node’s entries go stale', async () => {
    const random = SeededRandom.fromEnv();
    const KEY_PREFIX = freshPrefix();
    const crashing = await startRelayProcess({
      KEY_PREFIX,
      NODE_ID: 'crashing',
      REDIS_URL: inject('redisUrl'),
    });
    cleanups.push(() => crashing.kill());
    const b = await relayWith({ KEY_PREFIX, NODE_ID: 'b' });
    const urls = [crashing.url, b.url];
    const { session } = await newSession(b);
    const video = await saveVideo(b, session, { youtubeId: 'dQw4w9WgXcQ', title: 'A video' });
    const key = video.inviteKey;
    const movers = [
      await member({ urls, first: 0, key, name: 'Kim', random }),
      await member({ urls, first: 0, key, name: 'Kai', random }),
    ];
    const stayer = await member({ urls, first: 1, key, name: 'Bo', random });
    const everyone = [...movers, stayer];
    const ghosts = idsOf(movers);
    await vi.waitFor(() =>
      expect(listedIds(stayer)).toEqual(ghosts.concat(stayer.memberId).toSorted()),
    );

    const started = performance.now();
    await crashing.kill();
    stayer.send({ type: 'control', baseRev: 1, action: 'seek', position: 30, rate: 1 });
    for (const moved of movers) {
      const welcome = await moved.waitForWelcomes(2);
      expect(moved.closeCodes).toEqual([1006]);
      expect(welcome.state.rev).toBeGreaterThanOrEqual(1);
    }
    await vi.waitFor(() => everyone.forEach((m) => expect(m.latest).toEqual(stayer.latest)));
    expect(stayer.latest).toMatchObject({ rev: 2, position: 30 });
    expect(stayer.closeCodes).toEqual([]);

    // Nobody removed the crashed node's entries: they drop out once stale.
    await vi.waitFor(() => expect(listedIds(stayer)).toEqual(idsOf(everyone)), {
      timeout: MEMBER_STALE_MS + 5000,
      interval: 50,
    });
    const goneMs = Math.round(performance.now() - started);
    expect(goneMs).toBeLessThan(MEMBER_STALE_MS + 5000);
    for (const m of everyone) expect(m.regressions()).toEqual([]);
    console.log(
      `crash failover: ${movers.length} members moved; their old entries left the lists ` +
        `after ${goneMs} ms (stale window ${MEMBER_STALE_MS} ms)`,
    );
  });
});
