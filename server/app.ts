/**
 * The relay's HTTP side as a Hono app: `/healthz` and `/api`. It never listens; `relay-server.ts`
 * mounts it on a real server and tests call `app.request()`.
 * @module
 */
import { Hono, type MiddlewareHandler } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { cors } from 'hono/cors';
import type { Redis } from 'ioredis';
import { MAX_BODY_BYTES, MAX_IMPORT_BYTES, type ApiError } from '../shared/protocol';
import { ApiFailure } from './api/api-failure';
import { inviteRoutes } from './api/invite-routes';
import { libraryRoutes } from './api/library-routes';
import { playlistRoutes } from './api/playlist-routes';
import { sessionRoutes } from './api/session-routes';
import { videoRoutes } from './api/video-routes';
import type { Log } from './log';
import { isRedisOutage, UNAVAILABLE_MESSAGE } from './redis-outage';
import type { IdentityStore } from './stores/identity-store';
import type { InviteStore } from './stores/invite-store';
import type { PlaylistStore } from './stores/playlist-store';
import type { VideoStore } from './stores/video-store';

/** The one route whose bodies may be larger than `MAX_BODY_BYTES`: a whole exported library. */
const IMPORT_PATH = '/api/library/import';

export interface AppDeps {
  identity: IdentityStore;
  videos: VideoStore;
  playlists: PlaylistStore;
  invites: InviteStore;
  /** The command connection: pinged by `/healthz`, consulted to tell an outage from a bug. */
  redis: Redis;
  isAllowedOrigin(origin: string): boolean;
  log: Log;
}

function apiError(code: string, message: string): ApiError {
  return { error: { code, message } };
}

/** Memory exhaustion: bodies are read whole, so their size is capped before reading. */
function limitBodies(maxSize: number) {
  return bodyLimit({
    maxSize,
    onError: (c) =>
      c.json(apiError('payload_too_large', `Bodies are limited to ${maxSize} bytes`), 413),
  });
}

/** Builds the HTTP app from its dependencies. */
export function createApp(deps: AppDeps): Hono {
  const app = new Hono();

  app.get('/healthz', async (c) => {
    try {
      await deps.redis.ping();
      return c.json({ ok: true }, 200);
    } catch {
      return c.json({ ok: false }, 503);
    }
  });

  app.use(
    '/api/*',
    cors({
      origin: (origin) => (deps.isAllowedOrigin(origin) ? origin : null),
      allowHeaders: ['Content-Type', 'Authorization'],
      allowMethods: ['GET', 'POST', 'PATCH', 'PUT', 'DELETE', 'OPTIONS'],
      maxAge: 600,
    }),
  );
  const importLimit = limitBodies(MAX_IMPORT_BYTES);
  const requestLimit = limitBodies(MAX_BODY_BYTES);
  const limitApiBodies: MiddlewareHandler = (c, next) =>
    c.req.path === IMPORT_PATH ? importLimit(c, next) : requestLimit(c, next);
  app.use('/api/*', limitApiBodies);
  app.route('/api', sessionRoutes(deps.identity));
  app.route('/api', videoRoutes(deps.identity, deps.videos));
  app.route('/api', playlistRoutes(deps.identity, deps.playlists));
  app.route('/api', libraryRoutes(deps.identity, deps.videos, deps.playlists));
  app.route('/api', inviteRoutes(deps.invites));

  app.notFound((c) => c.json(apiError('not_found', 'No such endpoint'), 404));
  app.onError((error, c) => {
    if (error instanceof ApiFailure)
      return c.json(apiError(error.code, error.message), error.status);
    if (isRedisOutage(deps.redis, error)) {
      deps.log('api_unavailable', { path: c.req.path, error: String(error) });
      return c.json(apiError('unavailable', UNAVAILABLE_MESSAGE), 503);
    }
    deps.log('api_error', { path: c.req.path, error: String(error) });
    return c.json(apiError('internal', 'The We Watch server had a problem'), 500);
  });
  return app;
}
