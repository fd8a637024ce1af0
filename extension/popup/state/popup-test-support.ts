/**
 * For the popup's state tests: the background as the popup's messages reach it (through WXT's
 * fake browser) and a relay as `fetch` sees it, each recording what it was asked.
 * @module
 */
import { vi } from 'vitest';
import { browser } from 'wxt/browser';
import type { ApiErrorCode, Library, Playlist, Video } from '../../../shared/protocol';
import type { PopupRequest } from '../../common/popup-messages';

export const RELAY = 'https://relay.test';
export const session = (n: number) => `S${String(n).padStart(42, '0')}`;

export const video = (id: number, title = `Video ${id}`): Video => ({
  id,
  youtubeId: `aaaaaaaaa${String(id).padStart(2, '0')}`,
  title,
  channel: null,
  inviteKey: 'abcdefghijklmnopqrstuvwxyz',
  addedAt: id * 1000,
  watchLater: false,
});
export const playlist = (id: number, items: number[]): Playlist => ({
  id,
  title: `List ${id}`,
  inviteKey: 'bcdefghijklmnopqrstuvwxyza',
  createdAt: id * 1000,
  items,
});

/** Answers the popup's `session` requests with numbered sessions, as the background does. */
export function fakeBackground() {
  const asked: PopupRequest[] = [];
  let issued = 0;
  let failure: string | null = null;
  // The background answers with a promise, as room-service.ts does.
  // eslint-disable-next-line @typescript-eslint/no-misused-promises
  browser.runtime.onMessage.addListener((message: unknown) => {
    const request = message as PopupRequest;
    asked.push(request);
    if (request.method !== 'session') return undefined;
    if (failure) return Promise.resolve({ ok: false, error: failure, kind: 'unreachable' });
    issued++;
    return Promise.resolve({ ok: true, value: { relayUrl: RELAY, session: session(issued) } });
  });
  return {
    asked,
    /** The background answers every session request with this failure, or again as usual. */
    fail(error: string | null) {
      failure = error;
    },
  };
}

/** An API error as the relay answers it: a code, no words. */
export const refusal = (status: number, code: ApiErrorCode) =>
  Promise.resolve(Response.json({ error: { code } }, { status }));

/** A relay holding one library, for the sessions it accepts; `down` when it cannot be reached. */
export function fakeRelay(library: Library) {
  const state = { library: structuredClone(library), down: false, refuse: new Set<string>() };
  const deleted = new Map<number, Video>();
  const calls: string[] = [];
  const fetch = vi.fn((url: string, init?: RequestInit) => {
    const method = init?.method ?? 'GET';
    const path = url.slice(RELAY.length);
    const auth = new Headers(init?.headers).get('Authorization') ?? '';
    calls.push(`${method} ${path} ${auth.slice(-2)}`);
    if (state.down) return Promise.reject(new TypeError('Failed to fetch'));
    if (state.refuse.has(auth.replace('Bearer ', ''))) return refusal(401, 'session_invalid');
    const id = Number(/\/api\/videos\/(\d+)/.exec(path)?.[1]);
    if (method === 'GET' && path === '/api/library')
      return Promise.resolve(Response.json(state.library));
    if (method === 'DELETE' && path === `/api/videos/${id}`) {
      const gone = state.library.videos.find((v) => v.id === id);
      if (!gone) return refusal(404, 'video_not_found');
      deleted.set(id, gone);
      state.library.videos = state.library.videos.filter((v) => v.id !== id);
      return Promise.resolve(new Response(null, { status: 204 }));
    }
    if (method === 'POST' && path === `/api/videos/${id}/restore`) {
      const back = deleted.get(id);
      if (!back) return refusal(409, 'saved_again');
      state.library.videos.push(back);
      return Promise.resolve(Response.json(back));
    }
    if (method === 'PATCH' && path === `/api/videos/${id}`) {
      const body = JSON.parse(init?.body as string) as Partial<Video>;
      const changed = { ...state.library.videos.find((v) => v.id === id)!, ...body };
      state.library.videos = state.library.videos.map((v) => (v.id === id ? changed : v));
      return Promise.resolve(Response.json(changed));
    }
    return Promise.resolve(new Response('no such route', { status: 500 }));
  });
  return { state, calls, fetch };
}
