/**
 * Bearer-session authentication for API calls.
 * @module
 */
import type { Context } from 'hono';
import * as v from 'valibot';
import { SecretSchema } from '../../shared/protocol';
import type { IdentityStore } from '../stores/identity-store';
import { ApiFailure } from './api-failure';

/** The user id behind `Authorization: Bearer <session>`; throws 401 `session_invalid`. */
export async function requireUser(c: Context, identity: IdentityStore): Promise<string> {
  const session = /^Bearer (\S+)$/.exec(c.req.header('Authorization') ?? '')?.[1];
  // Only well-formed secrets reach Redis: arbitrary header text never becomes part of a key.
  const uid =
    session !== undefined && v.is(SecretSchema, session)
      ? await identity.userForSession(session)
      : null;
  if (uid === null) {
    throw new ApiFailure(401, 'session_invalid', 'Your session has expired; sign in again');
  }
  return uid;
}
