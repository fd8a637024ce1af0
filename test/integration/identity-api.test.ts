import { createHash, randomBytes } from 'node:crypto';
import Redis from 'ioredis';
import * as v from 'valibot';
import { afterEach, beforeEach, describe, expect, inject, it, vi } from 'vitest';
import { SessionResponseSchema } from '../../shared/protocol';
import type { RunningRelay } from '../../server/relay-server';
import { api, apiError, newSession } from '../support/api';
import { freshPrefix } from '../support/relay';
import { startTestRelay, WAIT } from './harness';

let relay: RunningRelay;

beforeEach(async () => {
  relay = await startTestRelay();
});
afterEach(() => relay.close());

async function rotate(token: string) {
  return api(relay, '/api/session', { body: { token } });
}

describe('POST /api/session', () => {
  it('creates a new anonymous user without a token', async () => {
    const a = await newSession(relay);
    const b = await newSession(relay);
    expect(a.userId).toMatch(/^[0-9a-f]{32}$/);
    expect(b.userId).not.toBe(a.userId);
    expect(a.token).not.toBe(a.session);
    expect(a.sessionTtlSeconds).toBe(43_200);
  });

  it('rotates a token: a repeat before the successor is used answers the same successor', async () => {
    const first = await newSession(relay);
    const rotated = await rotate(first.token);
    expect(rotated.status).toBe(200);
    const next = v.parse(SessionResponseSchema, rotated.json);
    expect(next.userId).toBe(first.userId);
    expect(next.token).not.toBe(first.token);
    expect(next.session).not.toBe(first.session);

    // A second tab rotating the same token at once gets in as the same user, on the same token.
    const replay = await rotate(first.token);
    expect(replay.status).toBe(200);
    const twin = v.parse(SessionResponseSchema, replay.json);
    expect(twin.userId).toBe(first.userId);
    expect(twin.token).toBe(next.token);
    expect(twin.session).not.toBe(next.session);

    expect((await rotate(next.token)).status).toBe(200);
  });

  it('refuses an unknown token with token_invalid', async () => {
    const { status, json } = await rotate('A'.repeat(43));
    expect(status).toBe(401);
    expect(apiError(json).code).toBe('token_invalid');
  });

  it('refuses a malformed token with 400', async () => {
    const { status, json } = await rotate('short');
    expect(status).toBe(400);
    expect(apiError(json)).toMatchObject({ code: 'bad_request', detail: /token/ });
  });
});

describe('session authentication', () => {
  it('requires a live session on the library API', async () => {
    const body = { youtubeId: 'dQw4w9WgXcQ', title: 'x' };
    const missing = await api(relay, '/api/videos', { body });
    const unknown = await api(relay, '/api/videos', { body, session: 'B'.repeat(43) });
    const garbage = await api(relay, '/api/videos', { body, session: 'not a session' });
    for (const answer of [missing, unknown, garbage]) {
      expect(answer.status).toBe(401);
      expect(apiError(answer.json).code).toBe('session_invalid');
    }
    const { session } = await newSession(relay);
    expect((await api(relay, '/api/videos', { body, session })).status).toBe(201);
  });

  it('keeps a session valid after its token rotates', async () => {
    const first = await newSession(relay);
    await vi.waitFor(async () => expect((await rotate(first.token)).status).toBe(200), WAIT);
    const answer = await api(relay, '/api/videos', {
      body: { youtubeId: 'dQw4w9WgXcQ', title: 'x' },
      session: first.session,
    });
    expect(answer.status).toBe(201);
  });
});

describe('tokens issued before token families', () => {
  it('are adopted into a family once, for the same user', async () => {
    const prefix = freshPrefix();
    const legacyRelay = await startTestRelay({ KEY_PREFIX: prefix });
    const redis = new Redis(inject('redisUrl'));
    try {
      const token = randomBytes(32).toString('base64url');
      const sha = createHash('sha256').update(token).digest('hex');
      await redis.hset(`${prefix}token:${sha}`, 'uid', 'a'.repeat(32));
      const answers = await Promise.all(
        [1, 2].map(() => api(legacyRelay, '/api/session', { body: { token } })),
      );
      const [one, two] = answers.map((a) => v.parse(SessionResponseSchema, a.json));
      expect(one?.userId).toBe('a'.repeat(32));
      expect(two?.token).toBe(one?.token);
      const session = await api(legacyRelay, '/api/library', { session: one?.session });
      expect(session.status).toBe(200);
    } finally {
      redis.disconnect();
      await legacyRelay.close();
    }
  });
});
