import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as v from 'valibot';
import { describe, expect, it, vi } from 'vitest';
import { LibrarySchema } from '../../shared/protocol';
import type { RunningRelay } from '../../server/relay-server';
import { freePort, startRedis } from '../support/redis-server';
import { api, createPlaylist, newSession, saveVideo } from '../support/api';
import { freshPrefix } from '../support/relay';
import { startTestRelay, TestClient, testScope } from './harness';
import { ReconnectingMember } from './support/reconnecting-member';
import { SeededRandom } from '../support/seeded-random';

const { cleanups } = testScope();

const RECOVERY = { timeout: 15_000, interval: 50 };

async function library(relay: RunningRelay, session: string) {
  const { status, json } = await api(relay, '/api/library', { session });
  expect(status).toBe(200);
  return v.parse(LibrarySchema, json);
}

async function healthy(relay: RunningRelay): Promise<void> {
  await vi.waitFor(async () => expect((await api(relay, '/healthz')).status).toBe(200), RECOVERY);
}

describe('Redis restarted with its append-only file', () => {
  it('loses nothing: rooms, library, playlists and chat come back, and members converge', async () => {
    const random = SeededRandom.fromEnv();
    // A Redis of its own, persisting like redis/redis.conf, so it can be stopped and started.
    const port = await freePort();
    const dir = mkdtempSync(join(tmpdir(), 'wewatch-aof-'));
    cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
    let redis = await startRedis({ port, dir, appendonly: true });
    cleanups.push(() => redis.stop());
    const KEY_PREFIX = freshPrefix();
    const one = await startTestRelay({ KEY_PREFIX, NODE_ID: 'one' }, redis.url);
    cleanups.push(() => one.close());
    const two = await startTestRelay({ KEY_PREFIX, NODE_ID: 'two' }, redis.url);
    cleanups.push(() => two.close());
    const urls = [one.url, two.url];

    const { session } = await newSession(one);
    const video = await saveVideo(one, session, { youtubeId: 'dQw4w9WgXcQ', title: 'Saved' });
    const other = await saveVideo(two, session, { youtubeId: 'jNQXAC9IVRw', title: 'Also' });
    const playlist = await createPlaylist(one, session, 'Evening', [video.id, other.id]);
    const before = await library(two, session);
    expect(before.videos).toHaveLength(2);

    const key = video.inviteKey;
    const members = [
      await ReconnectingMember.join({ urls, first: 0, key, session, name: 'Ana', random }),
      await ReconnectingMember.join({ urls, first: 1, key, name: 'Ben', random }),
    ];
    for (const m of members) cleanups.push(() => m.stop());
    const [ana, ben] = members as [ReconnectingMember, ReconnectingMember];
    ana.send({ type: 'control', baseRev: 1, action: 'play', position: 42, rate: 1.25 });
    await vi.waitFor(() => members.forEach((m) => expect(m.latest.rev).toBe(2)));
    ben.send({ type: 'control', baseRev: 2, action: 'pause', position: 57.5, rate: 1.25 });
    await vi.waitFor(() => members.forEach((m) => expect(m.latest.rev).toBe(3)));
    for (const text of ['first', 'second', 'third']) ana.send({ type: 'chat', text });
    const history = await vi.waitFor(async () => {
      const late = await TestClient.join(one, key);
      late.client.close();
      const frame = await late.client.next('history');
      expect(frame.messages.map((m) => m.text)).toEqual(['first', 'second', 'third']);
      return frame.messages;
    });
    const saved = ana.latest;

    const started = performance.now();
    await redis.stop('SIGTERM');
    redis = await startRedis({ port, dir, appendonly: true });
    await healthy(one);
    await healthy(two);
    const backMs = Math.round(performance.now() - started);

    // Everything is still there, read through either node.
    expect(await library(one, session)).toEqual(before);
    expect(before.playlists).toEqual([playlist]);
    const { client, welcome } = await TestClient.join(two, key);
    cleanups.push(() => client.close());
    expect(welcome.state).toEqual(saved);
    expect((await client.next('history')).messages).toEqual(history);
    const queue = await TestClient.join(one, playlist.inviteKey);
    cleanups.push(() => queue.client.close());
    expect(queue.welcome.video).toEqual({ youtubeId: 'dQw4w9WgXcQ', title: 'Saved' });

    // And the room goes on: a change from either node reaches everyone.
    ben.send({ type: 'control', baseRev: 3, action: 'play', position: 57.5, rate: 1.25 });
    await vi.waitFor(() => {
      for (const m of members) expect(m.latest).toMatchObject({ rev: 4, playing: true });
    }, RECOVERY);
    expect(ana.latest).toEqual(ben.latest);
    for (const m of members) {
      expect(m.regressions()).toEqual([]);
      expect(m.closeCodes).toEqual([]);
    }
    console.log(`Redis restart: relays healthy again ${backMs} ms after the stop`);
  });
});
