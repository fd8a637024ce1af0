/**
 * The relay's HTTP API as the extension uses it: every answer is parsed with the shared schemas
 * and every failure becomes a `RelayError` a user can understand. Here, the request every call
 * goes through and the calls about identities and invites; the library's calls are in
 * `relay-library-api.ts` and `relay-playlist-api.ts`.
 * @module
 */
import * as v from 'valibot';
import {
  ApiErrorSchema,
  InviteLookupResponseSchema,
  RecoveryCodeResponseSchema,
  SessionResponseSchema,
  type InviteLookupResponse,
  type SessionRequest,
  type SessionResponse,
} from '../../shared/protocol';
import { apiErrorText } from './error-text';
import { RelayError, unreachableMessage } from './relay-error';

const REQUEST_TIMEOUT_MS = 8000;

type Method = 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE';

export interface Call<T extends v.GenericSchema | null> {
  relayUrl: string;
  method?: Method;
  path: string;
  body?: unknown;
  /** How to read a 2xx answer; null for answers without a body (204). */
  schema: T;
  session?: string;
  timeoutMs?: number;
}

export type Answer<T extends v.GenericSchema | null> = T extends v.GenericSchema
  ? v.InferOutput<T>
  : undefined;

/** One request; resolves with the parsed answer and the HTTP status (201 vs 200 matters). */
export async function request<T extends v.GenericSchema | null>({
  relayUrl,
  method = 'POST',
  path,
  body,
  schema,
  session,
  timeoutMs = REQUEST_TIMEOUT_MS,
}: Call<T>): Promise<{ status: number; value: Answer<T> }> {
  let response: Response;
  try {
    response = await fetch(relayUrl + path, {
      method,
      headers: {
        ...(body !== undefined ? { 'Content-Type': 'application/json' } : {}),
        ...(session ? { Authorization: `Bearer ${session}` } : {}),
      },
      ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
      signal: AbortSignal.timeout(timeoutMs),
    });
  } catch {
    throw new RelayError('unreachable', unreachableMessage(relayUrl));
  }
  // 204 and other answers without a body.
  if (response.ok && schema === null)
    return { status: response.status, value: undefined as Answer<T> };
  const json: unknown = await response.json().catch(() => null);
  if (response.ok && schema !== null) {
    const parsed = v.safeParse(schema, json);
    if (parsed.success) return { status: response.status, value: parsed.output as Answer<T> };
    throw new RelayError(
      'protocol',
      `The We Watch server at ${relayUrl} sent an answer this version does not understand.`,
    );
  }
  const apiError = v.safeParse(ApiErrorSchema, json);
  const code = apiError.success ? apiError.output.error.code : undefined;
  const message = apiError.success ? apiErrorText(apiError.output.error) : response.statusText;
  if (response.status === 404) throw new RelayError('not_found', message, code);
  if (response.status === 401) throw new RelayError('unauthorized', message, code);
  if (response.status === 409) throw new RelayError('conflict', message, code);
  if (response.status === 400 || response.status === 413)
    throw new RelayError('invalid', message, code);
  if (response.status === 429)
    throw new RelayError(
      'unavailable',
      apiError.success ? message : 'Too many requests; wait a moment and try again.',
      code,
    );
  if (response.status === 503)
    throw new RelayError(
      'unavailable',
      // A full server says so in its own words (nothing was saved): retrying soon will not help.
      code === 'storage_full'
        ? message
        : `The We Watch server at ${relayUrl} is unavailable right now; try again shortly.`,
      code,
    );
  throw new RelayError(
    'unavailable',
    `The We Watch server at ${relayUrl} had a problem (${response.status}).`,
    code,
  );
}

export async function call<T extends v.GenericSchema | null>(options: Call<T>): Promise<Answer<T>> {
  return (await request(options)).value;
}

/**
 * Presents the identity token (or a recovery code, or nothing for a new user) to the relay that
 * issued it, for its successor and a fresh session. Only ever called with that relay's own token.
 */
export function openSession(relayUrl: string, request: SessionRequest): Promise<SessionResponse> {
  return call({ relayUrl, path: '/api/session', body: request, schema: SessionResponseSchema });
}

/** A new recovery code for the session's user; the previous one stops working. */
export async function createRecoveryCode(relayUrl: string, session: string): Promise<string> {
  const answer = await call({
    relayUrl,
    path: '/api/identity/recovery',
    schema: RecoveryCodeResponseSchema,
    session,
  });
  return answer.recovery;
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
