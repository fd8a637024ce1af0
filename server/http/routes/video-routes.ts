/**
 * The video library API: save, list, read, change, delete and undo a delete.
 * @module
 */
import { Hono } from 'hono';
import {
  MAX_LIBRARY_VIDEOS,
  SaveVideoRequestSchema,
  UpdateVideoRequestSchema,
} from '../../../shared/protocol';
import type { VideoStore } from '../../redis/stores/video-store';
import { ApiFailure } from '../api-failure';
import { parseEntityId } from '../entity-id';
import { readJsonBody } from '../read-json-body';
import { requireUser, type SessionUsers } from '../require-user';

const VIDEO_NOT_FOUND = () => new ApiFailure('video_not_found');
const LIBRARY_FULL = () => new ApiFailure('library_full', { limit: MAX_LIBRARY_VIDEOS });

/** Routes for `/videos`. */
export function videoRoutes(identity: SessionUsers, videos: VideoStore): Hono {
  return new Hono()
    .post('/videos', async (c) => {
      const uid = await requireUser(c, identity);
      const { youtubeId, title, channel } = await readJsonBody(c, SaveVideoRequestSchema);
      const saved = await videos.save(uid, youtubeId, title, channel ?? null);
      if (!saved.ok) throw LIBRARY_FULL();
      return c.json(saved.video, saved.created ? 201 : 200);
    })
    .get('/videos', async (c) => {
      const uid = await requireUser(c, identity);
      return c.json({ videos: await videos.list(uid) }, 200);
    })
    .get('/videos/:id', async (c) => {
      const uid = await requireUser(c, identity);
      const id = parseEntityId(c.req.param('id'));
      const video = id === null ? null : await videos.get(uid, id);
      if (!video) throw VIDEO_NOT_FOUND();
      return c.json(video, 200);
    })
    .patch('/videos/:id', async (c) => {
      const uid = await requireUser(c, identity);
      const id = parseEntityId(c.req.param('id'));
      const changes = await readJsonBody(c, UpdateVideoRequestSchema);
      const video = id === null ? null : await videos.update(uid, id, changes);
      if (!video) throw VIDEO_NOT_FOUND();
      return c.json(video, 200);
    })
    .delete('/videos/:id', async (c) => {
      const uid = await requireUser(c, identity);
      const id = parseEntityId(c.req.param('id'));
      if (id === null || !(await videos.delete(uid, id))) throw VIDEO_NOT_FOUND();
      return c.body(null, 204);
    })
    .post('/videos/:id/restore', async (c) => {
      const uid = await requireUser(c, identity);
      const id = parseEntityId(c.req.param('id'));
      if (id === null) throw new ApiFailure('nothing_to_restore');
      const restored = await videos.restore(uid, id);
      if (restored.ok) return c.json(restored.video, 200);
      switch (restored.code) {
        case 'not_found':
          throw new ApiFailure('nothing_to_restore');
        case 'conflict':
          throw new ApiFailure('saved_again');
        case 'library_full':
          throw LIBRARY_FULL();
      }
    });
}
