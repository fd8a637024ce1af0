import { describe, expect, it } from 'vitest';
import {
  ApiErrorCodeSchema,
  ErrorCodeSchema,
  MAX_BODY_BYTES,
  MAX_CHAT_BYTES,
  MAX_LIBRARY_VIDEOS,
} from '../../shared/protocol';
import { apiErrorText, frameErrorText } from './error-text';

describe('error sentences', () => {
  it('has a sentence for every error code of the WebSocket and of the API', () => {
    for (const code of ErrorCodeSchema.options) {
      const text = frameErrorText({ code });
      expect(text, code).toMatch(/^[A-Z].{8,}/);
      expect(text, code).not.toMatch(/undefined|NaN/);
    }
    for (const code of ApiErrorCodeSchema.options) {
      const text = apiErrorText({ code });
      expect(text, code).toMatch(/^[A-Z].{8,}/);
      expect(text, code).not.toMatch(/undefined|NaN/);
    }
  });

  it('puts the figures a refusal carries into its sentence', () => {
    expect(frameErrorText({ code: 'room_full', limit: 50 })).toBe(
      'This room is full (50 members); try again when someone leaves',
    );
    expect(frameErrorText({ code: 'removed', by: 'address', retryAfterS: 601 })).toBe(
      'The host removed someone using your network from this room; try again in 11 min',
    );
    expect(frameErrorText({ code: 'removed', by: 'address', retryAfterS: 5 })).toBe(
      'The host removed someone using your network from this room; try again in 1 min',
    );
    expect(frameErrorText({ code: 'removed', by: 'user', retryAfterS: 600 })).toBe(
      'The host removed you from this room',
    );
    expect(frameErrorText({ code: 'rate_limited', retryAfterS: 42 })).toBe(
      'Too many joins; try again in 42 s',
    );
    expect(frameErrorText({ code: 'unsupported_version', version: 3 })).toBe(
      'This relay speaks protocol 3; update We Watch',
    );
    expect(frameErrorText({ code: 'too_long', limit: MAX_CHAT_BYTES })).toContain('6000 bytes');
    expect(frameErrorText({ code: 'too_long', limit: 500 })).toBe(
      'Messages are limited to 500 characters',
    );

    expect(apiErrorText({ code: 'rate_limited', retryAfterS: 7 })).toBe(
      'Too many requests; try again in 7 s',
    );
    expect(apiErrorText({ code: 'too_many_identities', retryAfterS: 3000 })).toBe(
      'Too many new identities from your network; try again in 50 min',
    );
    expect(apiErrorText({ code: 'library_full', limit: MAX_LIBRARY_VIDEOS })).toBe(
      'Your library is full (5000 videos); delete some to save more',
    );
    expect(apiErrorText({ code: 'payload_too_large', limit: MAX_BODY_BYTES })).toBe(
      'Bodies are limited to 8192 bytes',
    );
    expect(apiErrorText({ code: 'playlist_full', limit: 200 })).toBe(
      'A playlist holds at most 200 videos',
    );
    expect(apiErrorText({ code: 'too_many_playlists', limit: 200 })).toBe(
      'You already have 200 playlists; delete one to make another',
    );
  });

  it('keeps the words the README quotes', () => {
    expect(frameErrorText({ code: 'host_only' })).toBe('Only the host can control playback');
    expect(frameErrorText({ code: 'storage_full' })).toBe(
      "The We Watch server's storage is full, so nothing was saved; try again later",
    );
    expect(apiErrorText({ code: 'room_not_found' })).toBe('No room with that invite key');
  });

  it('never shows the diagnostic detail of a refusal', () => {
    const detail = 'youtubeId: Invalid format';
    expect(frameErrorText({ code: 'bad_frame', detail })).not.toContain(detail);
    expect(apiErrorText({ code: 'bad_request', detail })).not.toContain(detail);
  });
});
