/**
 * The API's refusals carry codes and figures, never a sentence: the extension turns each into
 * the words users have always read.
 */
import * as v from 'valibot';
import { describe, expect, it } from 'vitest';
import { apiErrorText } from '../../extension/common/error-text';
import { ApiErrorSchema, MAX_BODY_BYTES } from '../../shared/protocol';
import { api, createPlaylist, newSession, saveVideo } from '../support/api';
import { testScope } from './harness';

const { relayWith } = testScope();

/** The only keys an error body may have: a code and figures. */
const ERROR_KEYS = ['code', 'detail', 'limit', 'retryAfterS'];

/** The sentence the extension shows for an answer, after checking it carries no words. */
function sentenceOf(json: unknown): string {
  expect(Object.keys(json as object)).toEqual(['error']);
  const { error } = json as { error: Record<string, unknown> };
  for (const key of Object.keys(error)) expect(ERROR_KEYS, `error.${key}`).toContain(key);
  return apiErrorText(v.parse(ApiErrorSchema, json).error);
}

describe('API error bodies', () => {
  it('are codes and figures, which the extension words as before', async () => {
    const relay = await relayWith();
    const { session } = await newSession(relay);
    const zoo = await saveVideo(relay, session, { youtubeId: 'jNQXAC9IVRw', title: 'Zoo' });
    const playlist = await createPlaylist(relay, session, 'Mix', [zoo.id]);
    await api(relay, `/api/videos/${zoo.id}`, { method: 'DELETE', session });
    const again = await saveVideo(relay, session, { youtubeId: 'jNQXAC9IVRw', title: 'Zoo' });
    await api(relay, `/api/playlists/${playlist.id}/items`, {
      body: { videoId: again.id },
      session,
    });

    const refusals: [Promise<{ status: number; json: unknown }>, number, string][] = [
      [api(relay, '/api/nowhere'), 404, 'No such endpoint'],
      [api(relay, '/api/videos'), 401, 'Your session has expired; sign in again'],
      [
        api(relay, '/api/session', { body: { token: 'A'.repeat(43) } }),
        401,
        'This identity token is not known here',
      ],
      [
        api(relay, '/api/videos', { raw: `{"title":"${'x'.repeat(MAX_BODY_BYTES)}"}`, session }),
        413,
        `Bodies are limited to ${MAX_BODY_BYTES} bytes`,
      ],
      [api(relay, '/api/videos/99999', { session }), 404, 'No such video in your library'],
      [api(relay, '/api/playlists/99999', { session }), 404, 'No such playlist'],
      [
        api(relay, '/api/videos/99999/restore', { method: 'POST', session }),
        404,
        'Nothing to restore',
      ],
      [
        api(relay, '/api/invites/lookup', { body: { key: 'a'.repeat(26) } }),
        404,
        'No room with that invite key',
      ],
      [
        api(relay, `/api/videos/${zoo.id}/restore`, { method: 'POST', session }),
        409,
        'You saved this video again since deleting it; the new entry stays',
      ],
      [
        api(relay, `/api/playlists/${playlist.id}/items`, { body: { videoId: again.id }, session }),
        409,
        'This video is already in the playlist',
      ],
      [
        api(relay, `/api/playlists/${playlist.id}/items`, {
          method: 'PUT',
          body: { items: [] },
          session,
        }),
        409,
        'The playlist changed; reload it',
      ],
    ];
    for (const [answer, status, sentence] of refusals) {
      const { status: got, json } = await answer;
      expect(got, sentence).toBe(status);
      expect(sentenceOf(json)).toBe(sentence);
    }

    const page = await fetch(`${relay.url}/api/session`, {
      method: 'POST',
      headers: { Origin: 'https://evil.example', 'Content-Type': 'application/json' },
      body: '{}',
    });
    expect(page.status).toBe(403);
    expect(sentenceOf(await page.json())).toBe('This site may not use the We Watch API');

    // A refused body names what was wrong for whoever debugs the client, not for users.
    const bad = await api(relay, '/api/videos', {
      body: { youtubeId: 'nope', title: 'x' },
      session,
    });
    expect(bad.status).toBe(400);
    expect(bad.json).toMatchObject({ error: { code: 'bad_request', detail: /youtubeId/ } });
    expect(sentenceOf(bad.json)).not.toMatch(/youtubeId/);
  });

  it('give a rate limit its wait as a figure', async () => {
    const relay = await relayWith({ API_REQUESTS_PER_IP_PER_MIN: '1' });
    await api(relay, '/api/nowhere');
    const refused = await api(relay, '/api/nowhere');
    expect(refused.status).toBe(429);
    const retryAfterS = Number(refused.headers.get('Retry-After'));
    expect(refused.json).toEqual({ error: { code: 'rate_limited', retryAfterS } });
    expect(sentenceOf(refused.json)).toBe(`Too many requests; try again in ${retryAfterS} s`);
  });
});
