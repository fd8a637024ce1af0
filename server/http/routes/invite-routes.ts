/**
 * `POST /api/invites/lookup`: what an invite key opens, for anyone holding the key.
 * @module
 */
import { Hono } from 'hono';
import * as v from 'valibot';
import { InviteLookupRequestSchema } from '../../../shared/protocol';
import type { InviteStore } from '../../redis/stores/invite-store';
import { ApiFailure } from '../api-failure';

/** Routes for invite lookups. */
export function inviteRoutes(invites: InviteStore): Hono {
  return new Hono().post('/invites/lookup', async (c) => {
    const body: unknown = await c.req.json().catch(() => null);
    // Any unusable body, a malformed key included, gets the same 404 as an unknown key, so a
    // key guesser cannot tell the format check from the database.
    const request = v.safeParse(InviteLookupRequestSchema, body);
    const found = request.success ? await invites.lookupInvite(request.output.key) : null;
    if (!found) throw new ApiFailure('room_not_found');
    return c.json(found, 200);
  });
}
