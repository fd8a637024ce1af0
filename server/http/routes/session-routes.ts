/**
 * `POST /api/session`: trade an identity token (or nothing, or a recovery code) for the token's
 * successor and a session; `POST /api/identity/recovery`: a recovery code for the session's user.
 * @module
 */
import { Hono } from 'hono';
import { SessionRequestSchema, type RecoveryCodeResponse } from '../../../shared/protocol';
import type { IdentityStore } from '../../redis/stores/identity-store';
import { ApiFailure } from '../api-failure';
import { readJsonBody } from '../read-json-body';
import { requireUser } from '../require-user';

/** Routes for identity sessions and recovery codes. */
export function sessionRoutes(identity: IdentityStore): Hono {
  return new Hono()
    .post('/session', async (c) => {
      const { token, recovery } = await readJsonBody(c, SessionRequestSchema);
      const result =
        recovery !== undefined
          ? await identity.redeemRecoveryCode(recovery)
          : await identity.openSession(token);
      if (!result.ok) throw new ApiFailure(result.code);
      return c.json(result.session, 200);
    })
    .post('/identity/recovery', async (c) => {
      const uid = await requireUser(c, identity);
      const answer: RecoveryCodeResponse = { recovery: await identity.issueRecoveryCode(uid) };
      return c.json(answer, 200);
    });
}
