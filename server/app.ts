/**
 * The relay's HTTP side as a Hono app: `/healthz` and `/api`. It never listens; `relay-server.ts`
 * mounts it on a real server and tests call `app.request()`.
 * @module
 */
import { Hono } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { cors } from 'hono/cors';
import type { Redis } from 'ioredis';
import { MAX_BODY_BYTES, type ApiError } from '../shared/protocol';
import { ApiFailure } from './api/api-failure';
import { sessionRoutes } from './api/session-routes';
import { videoRoutes } from './api/video-routes';
import type { Log } from './log';
import { isRedisOutage, UNAVAILABLE_MESSAGE } from './redis-outage';
import type { IdentityStore } from './stores/identity-store';
import type { VideoStore } from './stores/video-store';

export interface AppDeps {
  identity: IdentityStore;
  videos: VideoStore;
  /** The command connection: pinged by `/healthz`, consulted to tell an outage from a bug. */
  redis: Redis;
  isAllowedOrigin(origin: string): boolean;
  log: Log;
}

function apiError(code: string, message: string): ApiError {
  return { error: { code, message } };
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
      allowMethods: ['GET', 'POST', 'OPTIONS'],
      maxAge: 600,
    }),
    // Memory exhaustion: bodies are read whole, so their size is capped before reading.
    bodyLimit({
      maxSize: MAX_BODY_BYTES,
      onError: (c) =>
        c.json(apiError('payload_too_large', `Bodies are limited to ${MAX_BODY_BYTES} bytes`), 413),
    }),
  );
  app.route('/api', sessionRoutes(deps.identity));
  app.route('/api', videoRoutes(deps.identity, deps.videos));

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
