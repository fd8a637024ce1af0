/**
 * Bearer-session authentication for API calls.
 * @module
 */
import type { Context } from 'hono';
import * as v from 'valibot';
import { SecretSchema } from '../../shared/protocol';
import { ApiFailure } from './api-failure';

/** Resolves bearer sessions to user ids. */
export interface SessionUsers {
  /** The user a session belongs to, or null for an unknown or expired one. */
  userForSession(session: string): Promise<string | null>;
}

/** The user id behind `Authorization: Bearer <session>`; throws 401 `session_invalid`. */
export async function requireUser(c: Context, users: SessionUsers): Promise<string> {
  const session = /^Bearer (\S+)$/.exec(c.req.header('Authorization') ?? '')?.[1];
  // Only well-formed secrets reach Redis: arbitrary header text never becomes part of a key.
  const uid =
    session !== undefined && v.is(SecretSchema, session)
      ? await users.userForSession(session)
      : null;
  if (uid === null) throw new ApiFailure('session_invalid');
  return uid;
}
