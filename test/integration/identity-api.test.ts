import * as v from 'valibot';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { SessionResponseSchema } from '../../shared/protocol';
import type { RunningRelay } from '../../server/relay-server';
import { api, apiError, newSession, startTestRelay, WAIT } from './harness';

const GRACE_MS = 300;
let relay: RunningRelay;

beforeEach(async () => {
  relay = await startTestRelay({ TOKEN_GRACE_MS: String(GRACE_MS) });
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

  it('rotates a token, tolerates a replay inside the grace window and refuses one after', async () => {
    const first = await newSession(relay);
    const rotated = await rotate(first.token);
    expect(rotated.status).toBe(200);
    const next = v.parse(SessionResponseSchema, rotated.json);
    expect(next.userId).toBe(first.userId);
    expect(next.token).not.toBe(first.token);
    expect(next.session).not.toBe(first.session);

    // A second tab rotating the same token at once still gets in, as the same user.
    const replay = await rotate(first.token);
    expect(replay.status).toBe(200);
    const twin = v.parse(SessionResponseSchema, replay.json);
    expect(twin.userId).toBe(first.userId);
    expect(twin.token).not.toBe(next.token);

    await vi.waitFor(
      async () => {
        const late = await rotate(first.token);
        expect(late.status).toBe(401);
        expect(apiError(late.json).code).toBe('token_expired');
      },
      { timeout: GRACE_MS * 10, interval: 50 },
    );

    // The replacement tokens are unaffected.
    expect((await rotate(next.token)).status).toBe(200);
    expect((await rotate(twin.token)).status).toBe(200);
  });

  it('refuses an unknown token with token_invalid', async () => {
    const { status, json } = await rotate('A'.repeat(43));
    expect(status).toBe(401);
    expect(apiError(json).code).toBe('token_invalid');
  });

  it('refuses a malformed token with 400', async () => {
    const { status, json } = await rotate('short');
    expect(status).toBe(400);
    expect(apiError(json)).toMatchObject({ code: 'bad_request', message: /token/ });
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
