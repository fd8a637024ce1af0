/**
 * A full Redis (`maxmemory` reached, `noeviction`) refuses writes: the relay says so with 503
 * `storage_full` and a 1013 close, never drops data to make room, and keeps serving reads.
 * Runs on a redis-server of its own, so that no other test shares its memory limit.
 */
import { Redis } from 'ioredis';
import { describe, expect, it } from 'vitest';
import { startRedis } from '../support/redis-server';
import { api, newSession, saveVideo, youtubeId } from '../support/api';
import { startTestRelay, TestClient, testScope } from '../integration/harness';

const { cleanups } = testScope();

const FULL = { error: { code: 'storage_full' } };

describe('a full Redis', () => {
  it('answers writes with 503 storage_full and joins with a 1013 close, and still serves reads', async () => {
    const own = await startRedis();
    cleanups.push(() => own.stop());
    const relay = await startTestRelay({}, own.url);
    cleanups.push(() => relay.close());
    const admin = new Redis(own.url);
    cleanups.push(() => admin.quit());
    const { session } = await newSession(relay);
    const video = await saveVideo(relay, session, { youtubeId: youtubeId(1), title: 'One' });

    // Any write now finds memory over the limit.
    await admin.config('SET', 'maxmemory', '1');
    expect(
      await api(relay, '/api/videos', { body: { youtubeId: youtubeId(2), title: 'Two' }, session }),
    ).toMatchObject({ status: 503, json: FULL });
    expect(
      await api(relay, '/api/playlists', { body: { title: 'Friday night' }, session }),
    ).toMatchObject({ status: 503, json: FULL });
    // A new user is a transaction, refused as a whole.
    expect(await api(relay, '/api/session', { body: {} })).toMatchObject({
      status: 503,
      json: FULL,
    });

    // What is stored stays readable: nothing was evicted to make room.
    const library = await api(relay, '/api/library', { session });
    expect(library).toMatchObject({ status: 200, json: { videos: [{ id: video.id }] } });
    expect(
      await api(relay, '/api/invites/lookup', { body: { key: video.inviteKey } }),
    ).toMatchObject({ status: 200, json: { kind: 'video', youtubeId: youtubeId(1) } });

    // A join would create the room: the member is told why, and to come back later.
    const joiner = await TestClient.connect(relay);
    cleanups.push(() => joiner.close());
    joiner.send({ type: 'hello', v: 1, key: video.inviteKey });
    expect(await joiner.next('error')).toEqual({ type: 'error', code: 'storage_full' });
    expect((await joiner.closed).code).toBe(1013);

    // Once memory is freed, writes work again.
    await admin.config('SET', 'maxmemory', '0');
    expect(
      await api(relay, '/api/videos', { body: { youtubeId: youtubeId(2), title: 'Two' }, session }),
    ).toMatchObject({ status: 201 });
    const { client, welcome } = await TestClient.join(relay, video.inviteKey);
    cleanups.push(() => client.close());
    expect(welcome.video.youtubeId).toBe(youtubeId(1));
  });
});
