/**
 * The library and invite API: save a video, read one back, look up an invite key.
 * @module
 */
import { Hono } from 'hono';
import * as v from 'valibot';
import { InviteLookupRequestSchema, SaveVideoRequestSchema } from '../../shared/protocol';
import type { IdentityStore } from '../stores/identity-store';
import type { VideoStore } from '../stores/video-store';
import { ApiFailure } from './api-failure';
import { readJsonBody } from './read-json-body';
import { requireUser } from './require-user';

/** Ids as issued by INCR: no sign, no leading zeros, within safe-integer range. */
const VIDEO_ID_PATTERN = /^[1-9]\d{0,14}$/;

const VIDEO_NOT_FOUND = () => new ApiFailure(404, 'not_found', 'No such video in your library');
const INVITE_NOT_FOUND = () => new ApiFailure(404, 'not_found', 'No room with that invite key');

/** Routes for videos and invite lookups. */
export function videoRoutes(identity: IdentityStore, videos: VideoStore): Hono {
  return new Hono()
    .post('/videos', async (c) => {
      const uid = await requireUser(c, identity);
      const { youtubeId, title } = await readJsonBody(c, SaveVideoRequestSchema);
      const { video, created } = await videos.save(uid, youtubeId, title);
      return c.json(video, created ? 201 : 200);
    })
    .get('/videos/:id', async (c) => {
      const uid = await requireUser(c, identity);
      const id = c.req.param('id');
      // Somebody else's video, a missing one and a malformed id all answer the same 404, so
      // ids cannot be probed for existence.
      const video = VIDEO_ID_PATTERN.test(id) ? await videos.get(uid, Number(id)) : null;
      if (!video) throw VIDEO_NOT_FOUND();
      return c.json(video, 200);
    })
    .post('/invites/lookup', async (c) => {
      const body: unknown = await c.req.json().catch(() => null);
      // Any unusable body, a malformed key included, gets the same 404 as an unknown key, so a
      // key guesser cannot tell the format check from the database.
      const request = v.safeParse(InviteLookupRequestSchema, body);
      const found = request.success ? await videos.lookupInvite(request.output.key) : null;
      if (!found) throw INVITE_NOT_FOUND();
      return c.json(found, 200);
    });
}
