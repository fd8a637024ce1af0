/**
 * The relay's HTTP API as the extension uses it: every answer is parsed with the shared schemas
 * and every failure becomes a `RelayError` a user can understand.
 * @module
 */
import * as v from 'valibot';
import {
  ApiErrorSchema,
  InviteLookupResponseSchema,
  SessionResponseSchema,
  VideoSchema,
  type InviteLookupResponse,
  type SaveVideoRequest,
  type SessionResponse,
  type Video,
} from '../../shared/protocol';
import { RelayError, unreachableMessage } from './relay-error';

const REQUEST_TIMEOUT_MS = 8000;

interface Call<T extends v.GenericSchema> {
  relayUrl: string;
  path: string;
  body: unknown;
  schema: T;
  session?: string;
}

async function call<T extends v.GenericSchema>({
  relayUrl,
  path,
  body,
  schema,
  session,
}: Call<T>): Promise<v.InferOutput<T>> {
  let response: Response;
  try {
    response = await fetch(relayUrl + path, {
      method: 'POST',
      headers: {
        'Content-Type': 'application/json',
        ...(session ? { Authorization: `Bearer ${session}` } : {}),
      },
      body: JSON.stringify(body),
      signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS),
    });
  } catch {
    throw new RelayError('unreachable', unreachableMessage(relayUrl));
  }
  const json: unknown = await response.json().catch(() => null);
  if (response.ok) {
    const parsed = v.safeParse(schema, json);
    if (parsed.success) return parsed.output;
    throw new RelayError(
      'protocol',
      `The We Watch server at ${relayUrl} sent an answer this version does not understand.`,
    );
  }
  const apiError = v.safeParse(ApiErrorSchema, json);
  const code = apiError.success ? apiError.output.error.code : undefined;
  const message = apiError.success ? apiError.output.error.message : response.statusText;
  if (response.status === 404) throw new RelayError('not_found', message, code);
  if (response.status === 401) throw new RelayError('unauthorized', message, code);
  if (response.status === 400 || response.status === 413)
    throw new RelayError('invalid', message, code);
  if (response.status === 503)
    throw new RelayError(
      'unavailable',
      `The We Watch server at ${relayUrl} is unavailable right now; try again shortly.`,
      code,
    );
  throw new RelayError(
    'unavailable',
    `The We Watch server at ${relayUrl} had a problem (${response.status}).`,
    code,
  );
}

/** Consumes `token` (if any) and returns its replacement with a fresh session. */
export function openSession(relayUrl: string, token: string | undefined): Promise<SessionResponse> {
  return call({
    relayUrl,
    path: '/api/session',
    body: token ? { token } : {},
    schema: SessionResponseSchema,
  });
}

/** Saves a video to the caller's library (or returns the entry they already have for it). */
export function saveVideo(
  relayUrl: string,
  session: string,
  video: SaveVideoRequest,
): Promise<Video> {
  return call({ relayUrl, path: '/api/videos', body: video, schema: VideoSchema, session });
}

/** What an invite key opens; `RelayError('not_found')` when it opens nothing. */
export async function lookupInvite(relayUrl: string, key: string): Promise<InviteLookupResponse> {
  try {
    return await call({
      relayUrl,
      path: '/api/invites/lookup',
      body: { key },
      schema: InviteLookupResponseSchema,
    });
  } catch (error) {
    if (error instanceof RelayError && error.kind === 'not_found')
      throw new RelayError('not_found', 'No room with that invite key.', error.code);
    throw error;
  }
}
