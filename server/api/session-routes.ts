/**
 * `POST /api/session`: trade an identity token (or nothing) for a fresh token and a session.
 * @module
 */
import { Hono } from 'hono';
import { SessionRequestSchema } from '../../shared/protocol';
import type { IdentityStore } from '../stores/identity-store';
import { ApiFailure } from './api-failure';
import { readJsonBody } from './read-json-body';

const FAILURE_MESSAGES = {
  token_invalid: 'This identity token is not known here',
  token_expired: 'This identity token was already used; a new identity is needed',
} as const;

/** Routes for identity sessions. */
export function sessionRoutes(identity: IdentityStore): Hono {
  return new Hono().post('/session', async (c) => {
    const { token } = await readJsonBody(c, SessionRequestSchema);
    const result = await identity.openSession(token);
    if (!result.ok) throw new ApiFailure(401, result.code, FAILURE_MESSAGES[result.code]);
    return c.json(result.session, 200);
  });
}
