import * as v from 'valibot';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { INVITE_KEY_PATTERN } from '../../shared/invite-key';
import { MAX_BODY_BYTES, VideoSchema } from '../../shared/protocol';
import type { RunningRelay } from '../../server/relay-server';
import { api, apiError, newSession, newVideo } from '../support/api';
import { startTestRelay } from './harness';

let relay: RunningRelay;

beforeEach(async () => {
  relay = await startTestRelay();
});
afterEach(() => relay.close());

describe('POST /api/videos', () => {
  it('saves videos with increasing ids and fresh invite keys', async () => {
    const { session } = await newSession(relay);
    const first = await api(relay, '/api/videos', {
      body: { youtubeId: 'dQw4w9WgXcQ', title: '  Never gonna  ' },
      session,
    });
    const second = await api(relay, '/api/videos', {
      body: { youtubeId: 'jNQXAC9IVRw', title: 'Me at the zoo' },
      session,
    });
    expect(first.status).toBe(201);
    expect(second.status).toBe(201);
    const a = v.parse(VideoSchema, first.json);
    const b = v.parse(VideoSchema, second.json);
    expect(a).toMatchObject({ id: 1, youtubeId: 'dQw4w9WgXcQ', title: 'Never gonna' });
    expect(b.id).toBe(2);
    expect(a.inviteKey).toMatch(INVITE_KEY_PATTERN);
    expect(b.inviteKey).not.toBe(a.inviteKey);
    expect(a.addedAt).toBeGreaterThan(Date.now() - 60_000);
  });

  it('returns the existing entry when the same user saves a video again, retitled', async () => {
    const { session } = await newSession(relay);
    const body = { youtubeId: 'dQw4w9WgXcQ', title: 'Old title' };
    const first = v.parse(VideoSchema, (await api(relay, '/api/videos', { body, session })).json);
    const again = await api(relay, '/api/videos', {
      body: { ...body, title: 'New title' },
      session,
    });
    expect(again.status).toBe(200);
    expect(again.json).toEqual({ ...first, title: 'New title' });
    const read = await api(relay, `/api/videos/${first.id}`, { session });
    expect(read.json).toEqual({ ...first, title: 'New title' });
  });

  it('gives another user who saves the same video their own entry', async () => {
    const mine = await newVideo(relay);
    const theirs = await newVideo(relay);
    expect(theirs.id).not.toBe(mine.id);
    expect(theirs.inviteKey).not.toBe(mine.inviteKey);
  });
});

describe('GET /api/videos/:id', () => {
  it('shows a video to its owner only and answers 404 to everything else alike', async () => {
    const owner = await newSession(relay);
    const other = await newSession(relay);
    const saved = await api(relay, '/api/videos', {
      body: { youtubeId: 'dQw4w9WgXcQ', title: 'Mine' },
      session: owner.session,
    });
    const video = v.parse(VideoSchema, saved.json);

    const own = await api(relay, `/api/videos/${video.id}`, { session: owner.session });
    expect(own.status).toBe(200);
    expect(own.json).toEqual(video);

    const notFound = { error: { code: 'video_not_found' } };
    for (const path of [`/api/videos/${video.id}`, '/api/videos/999999', '/api/videos/abc']) {
      const answer = await api(relay, path, { session: other.session });
      expect(answer.status, path).toBe(404);
      expect(answer.json, path).toEqual(notFound);
    }
    for (const path of [
      '/api/videos/999999',
      '/api/videos/abc',
      '/api/videos/01',
      '/api/videos/-1',
    ]) {
      expect((await api(relay, path, { session: owner.session })).json, path).toEqual(notFound);
    }
  });
});

describe('POST /api/invites/lookup', () => {
  it('tells anyone what a known key opens, and answers unknown and malformed keys alike', async () => {
    const video = await newVideo(relay, 'jNQXAC9IVRw', 'Me at the zoo');
    const known = await api(relay, '/api/invites/lookup', { body: { key: video.inviteKey } });
    expect(known.status).toBe(200);
    expect(known.json).toEqual({ kind: 'video', youtubeId: 'jNQXAC9IVRw', title: 'Me at the zoo' });

    const unknown = await api(relay, '/api/invites/lookup', { body: { key: 'a'.repeat(26) } });
    const malformed = await api(relay, '/api/invites/lookup', { body: { key: 'not-a-key!' } });
    expect(unknown.status).toBe(404);
    expect(unknown.json).toEqual({ error: { code: 'room_not_found' } });
    expect(malformed.status).toBe(404);
    expect(malformed.json).toEqual(unknown.json);
  });
});

describe('request validation', () => {
  it('answers 400 naming the field for schema failures and non-JSON bodies', async () => {
    const { session } = await newSession(relay);
    const badId = await api(relay, '/api/videos', {
      body: { youtubeId: 'nope', title: 'x' },
      session,
    });
    expect(badId.status).toBe(400);
    expect(apiError(badId.json)).toMatchObject({ code: 'bad_request', detail: /youtubeId/ });
    const noTitle = await api(relay, '/api/videos', {
      body: { youtubeId: 'dQw4w9WgXcQ' },
      session,
    });
    expect(noTitle.status).toBe(400);
    expect(apiError(noTitle.json)).toMatchObject({ code: 'bad_request', detail: /title/ });
    const notJson = await api(relay, '/api/session', { raw: '{nope' });
    expect(notJson.status).toBe(400);
    expect(notJson.json).toEqual({ error: { code: 'bad_request', detail: 'not JSON' } });
  });

  it('answers 413 to bodies over the limit', async () => {
    const { session } = await newSession(relay);
    const answer = await api(relay, '/api/videos', {
      raw: JSON.stringify({ youtubeId: 'dQw4w9WgXcQ', title: 'x'.repeat(MAX_BODY_BYTES) }),
      session,
    });
    expect(answer.status).toBe(413);
    expect(answer.json).toEqual({ error: { code: 'payload_too_large', limit: MAX_BODY_BYTES } });
  });
});

describe('CORS and health', () => {
  async function preflight(origin: string) {
    return fetch(`${relay.url}/api/videos`, {
      method: 'OPTIONS',
      headers: {
        Origin: origin,
        'Access-Control-Request-Method': 'POST',
        'Access-Control-Request-Headers': 'authorization,content-type',
      },
    });
  }

  it('allows the extension origins', async () => {
    const origin = 'chrome-extension://abcdefghijklmnopabcdefghijklmnop';
    const answer = await preflight(origin);
    expect(answer.status).toBe(204);
    expect(answer.headers.get('access-control-allow-origin')).toBe(origin);
    expect(answer.headers.get('access-control-allow-headers')).toMatch(/Authorization/);
    expect(answer.headers.get('access-control-allow-methods')).toMatch(/POST/);
  });

  it('does not allow other sites', async () => {
    const answer = await preflight('https://evil.example');
    expect(answer.headers.get('access-control-allow-origin')).toBeNull();
  });

  it('reports health when Redis answers', async () => {
    const answer = await api(relay, '/healthz');
    expect(answer).toMatchObject({ status: 200, json: { ok: true } });
  });
});
