/**
 * Identity tokens under bad luck and attack, against a real relay and Redis: a rotation whose
 * answer is lost, a stolen previous token replayed after its successor was used, and one token
 * presented many times at once.
 * @module
 */
import * as v from 'valibot';
import { afterEach, describe, expect, it, vi } from 'vitest';
import {
  LibrarySchema,
  RecoveryCodeResponseSchema,
  SessionResponseSchema,
  type SessionResponse,
} from '../../shared/protocol';
import { api, apiError, newSession, saveVideo } from '../support/api';
import { testScope } from '../integration/harness';
import { startRecordingProxy } from './support/recording-relay';

const scope = testScope();

afterEach(() => {
  vi.useRealTimers();
});

async function present(relayUrl: string, body: object) {
  const response = await fetch(`${relayUrl}/api/session`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify(body),
  });
  return { status: response.status, json: (await response.json()) as unknown };
}

async function rotated(relayUrl: string, body: object): Promise<SessionResponse> {
  const { status, json } = await present(relayUrl, body);
  expect(status, JSON.stringify(json)).toBe(200);
  return v.parse(SessionResponseSchema, json);
}

describe('identity token rotation', () => {
  it('a lost rotation answer, retried a minute later, keeps the same user and library', async () => {
    const relay = await scope.relayWith();
    const proxy = await startRecordingProxy(relay.url);
    scope.cleanups.push(() => proxy.close());
    const first = await newSession(relay);
    await saveVideo(relay, first.session, { youtubeId: 'dQw4w9WgXcQ', title: 'Kept' });

    // The relay commits the rotation; its answer never arrives.
    proxy.dropAnswers(1);
    await expect(present(proxy.url, { token: first.token })).rejects.toThrow();
    expect(proxy.bodies).toEqual([JSON.stringify({ token: first.token })]);

    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(Date.now() + 60_000);
    const retry = await rotated(proxy.url, { token: first.token });
    expect(retry.userId).toBe(first.userId);
    const library = await api(relay, '/api/library', { session: retry.session });
    expect(v.parse(LibrarySchema, library.json).videos.map((video) => video.title)).toEqual([
      'Kept',
    ]);
    // The retried answer's token carries on as usual.
    expect((await rotated(relay.url, { token: retry.token })).userId).toBe(first.userId);
  });

  it('a stolen previous token replayed after its successor was used revokes the family', async () => {
    const relay = await scope.relayWith();
    const first = await newSession(relay);
    await saveVideo(relay, first.session, { youtubeId: 'dQw4w9WgXcQ', title: 'Mine' });
    const backup = await api(relay, '/api/identity/recovery', { body: {}, session: first.session });
    expect(backup.status).toBe(200);
    const { recovery } = v.parse(RecoveryCodeResponseSchema, backup.json);

    // The owner visits twice; the thief kept a copy of the first token.
    const owner1 = await rotated(relay.url, { token: first.token });
    const owner2 = await rotated(relay.url, { token: owner1.token });
    const thief = await present(relay.url, { token: first.token });
    expect(thief.status).toBe(401);
    expect(apiError(thief.json).code).toBe('token_reused');

    // Every session and token of the family stops working, the owner's too, and the owner is
    // told why.
    for (const session of [first.session, owner1.session, owner2.session]) {
      const answer = await api(relay, '/api/library', { session });
      expect(answer.status).toBe(401);
      expect(apiError(answer.json).code).toBe('session_invalid');
    }
    for (const token of [first.token, owner1.token, owner2.token]) {
      const answer = await present(relay.url, { token });
      expect(answer.status).toBe(401);
      expect(apiError(answer.json).code).toBe('token_reused');
    }

    // The recovery code still brings the owner back to the same library, once.
    const restored = await rotated(relay.url, { recovery });
    expect(restored.userId).toBe(first.userId);
    const library = await api(relay, '/api/library', { session: restored.session });
    expect(v.parse(LibrarySchema, library.json).videos.map((video) => video.title)).toEqual([
      'Mine',
    ]);
    await rotated(relay.url, { token: restored.token });
    const again = await present(relay.url, { recovery });
    expect(again.status).toBe(401);
    expect(apiError(again.json).code).toBe('recovery_invalid');
  });

  it('one token presented many times at once has exactly one successor', async () => {
    const relay = await scope.relayWith();
    const first = await newSession(relay);
    const answers = await Promise.all(
      Array.from({ length: 12 }, () => rotated(relay.url, { token: first.token })),
    );
    expect(new Set(answers.map((answer) => answer.token)).size).toBe(1);
    expect(new Set(answers.map((answer) => answer.userId))).toEqual(new Set([first.userId]));
    expect(new Set(answers.map((answer) => answer.session)).size).toBe(12);
  });

  it('a lost recovery answer is retried with the same code', async () => {
    const relay = await scope.relayWith();
    const first = await newSession(relay);
    const backup = await api(relay, '/api/identity/recovery', { body: {}, session: first.session });
    const { recovery } = v.parse(RecoveryCodeResponseSchema, backup.json);
    const proxy = await startRecordingProxy(relay.url);
    scope.cleanups.push(() => proxy.close());
    proxy.dropAnswers(1);
    await expect(present(proxy.url, { recovery })).rejects.toThrow();
    const retry = await rotated(proxy.url, { recovery });
    expect(retry.userId).toBe(first.userId);
    // A new code replaces the old one.
    const second = await api(relay, '/api/identity/recovery', { body: {}, session: retry.session });
    const replaced = v.parse(RecoveryCodeResponseSchema, second.json).recovery;
    await rotated(relay.url, { token: retry.token });
    expect((await present(relay.url, { recovery })).status).toBe(401);
    expect((await rotated(relay.url, { recovery: ` ${replaced}\n` })).userId).toBe(first.userId);
  });
});
