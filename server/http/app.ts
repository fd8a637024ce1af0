/**
 * The relay's HTTP side as a Hono app: `/healthz`, `/metrics` and `/api`. It never listens;
 * `relay-server.ts` mounts it on a real server and tests call `app.request()`.
 * @module
 */
import type { HttpBindings } from '@hono/node-server';
import { createHash, timingSafeEqual } from 'node:crypto';
import { Hono, type MiddlewareHandler } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { cors } from 'hono/cors';
import type { Redis } from 'ioredis';
import * as v from 'valibot';
import { MAX_BODY_BYTES, MAX_IMPORT_BYTES, SessionRequestSchema } from '../../shared/protocol';
import { recordAccountUse, sessionsRecordingUse } from './account-use';
import { ApiFailure, refuse } from './api-failure';
import { inviteRoutes } from './routes/invite-routes';
import { libraryRoutes } from './routes/library-routes';
import { playlistRoutes } from './routes/playlist-routes';
import { sessionRoutes } from './routes/session-routes';
import { videoRoutes } from './routes/video-routes';
import { clientIp, type ProxyTrust } from './client-ip';
import type { Log } from '../log';
import { METRICS_CONTENT_TYPE, type RelayMetrics } from '../metrics';
import type { RateKind, RateLimiter } from '../rate-limits';
import { isRedisOutage, isStorageFull } from '../redis/outage';
import type { AccountExpiry } from '../redis/stores/account-expiry';
import type { IdentityStore } from '../redis/stores/identity-store';
import type { InviteStore } from '../redis/stores/invite-store';
import type { PlaylistStore } from '../redis/stores/playlist-store';
import type { VideoStore } from '../redis/stores/video-store';

/** The one route whose bodies may be larger than `MAX_BODY_BYTES`: a whole exported library. */
const IMPORT_PATH = '/api/library/import';
/** The route whose calls also count against the per-IP invite lookup limit. */
const LOOKUP_PATH = '/api/invites/lookup';
/** The part of a `POST /api/session` answer that names the user whose visit it was. */
const OpenedSessionSchema = v.object({ userId: v.string() });
/** The route that makes a new identity when called without a token. */
const SESSION_PATH = '/api/session';

export interface AppDeps {
  identity: IdentityStore;
  videos: VideoStore;
  playlists: PlaylistStore;
  invites: InviteStore;
  /** The command connection: pinged by `/healthz`, consulted to tell an outage from a bug. */
  redis: Redis;
  isAllowedOrigin(origin: string): boolean;
  /** Per-IP request limits. */
  limits: Pick<RateLimiter, 'hit'>;
  /** The proxies whose `X-Forwarded-For` hops are believed; null: none (see `clientIp`). */
  trustProxy: ProxyTrust | null;
  metrics: RelayMetrics;
  /** When set, `/metrics` answers only `Authorization: Bearer <metricsToken>`. */
  metricsToken?: string | undefined;
  /** Without a token, whether `/metrics` is open (a loopback relay); otherwise it answers 403. */
  metricsOpen?: boolean;
  /** Renews the idle expiry of the accounts that use the API. */
  expiry: Pick<AccountExpiry, 'touch'>;
  log: Log;
}

/** Memory exhaustion: bodies are read whole, so their size is capped before reading. */
function limitBodies(maxSize: number) {
  return bodyLimit({
    maxSize,
    onError: (c) => refuse(c, 'payload_too_large', { limit: maxSize }),
  });
}

/** Whether `header` is `Bearer <token>`, compared in constant time. */
function bearerMatches(header: string | undefined, token: string): boolean {
  const digest = (text: string) => createHash('sha256').update(text).digest();
  return timingSafeEqual(digest(header ?? ''), digest(`Bearer ${token}`));
}

/** Builds the HTTP app from its dependencies. */
export function createApp(deps: AppDeps): Hono {
  const app = new Hono();

  app.use('*', async (c, next) => {
    await next();
    deps.metrics.httpRequests.inc(String(c.res.status));
  });

  app.get('/healthz', async (c) => {
    try {
      await deps.redis.ping();
      return c.json({ ok: true }, 200);
    } catch {
      return c.json({ ok: false }, 503);
    }
  });

  app.get('/metrics', async (c) => {
    // Reconnaissance: connection counts and reject reasons are for the operator alone.
    if (deps.metricsToken === undefined && deps.metricsOpen !== true) {
      return refuse(c, 'metrics_locked');
    }
    if (
      deps.metricsToken !== undefined &&
      !bearerMatches(c.req.header('Authorization'), deps.metricsToken)
    ) {
      c.header('WWW-Authenticate', 'Bearer');
      return refuse(c, 'unauthorized');
    }
    c.header('Content-Type', METRICS_CONTENT_TYPE);
    return c.body(await deps.metrics.registry.render(), 200);
  });

  // Cross-site abuse: a web page can make its visitors' browsers call the API, and CORS only
  // keeps the page from reading the answers, not the relay from doing the work. Browsers name the
  // calling page's origin on every such call (the extension's too), so a disallowed one is refused
  // here, before anything else. A request without Origin is not a page's (curl, scripts): it
  // passes, as such a client could send any Origin it likes anyway.
  app.use('/api/*', async (c, next) => {
    const origin = c.req.header('Origin');
    if (origin === undefined || deps.isAllowedOrigin(origin)) return next();
    return refuse(c, 'origin_not_allowed');
  });
  app.use(
    '/api/*',
    cors({
      origin: (origin) => (deps.isAllowedOrigin(origin) ? origin : null),
      allowHeaders: ['Content-Type', 'Authorization'],
      allowMethods: ['GET', 'POST', 'PATCH', 'PUT', 'DELETE', 'OPTIONS'],
      exposeHeaders: ['Retry-After'],
      maxAge: 600,
    }),
  );
  // After CORS, so that the extension can read a 429; before bodies are read.
  app.use('/api/*', async (c, next) => {
    const kinds: RateKind[] =
      c.req.path === LOOKUP_PATH && c.req.method === 'POST' ? ['api', 'lookups'] : ['api'];
    const ip = requestIp(c, deps.trustProxy);
    const decisions = await Promise.all(kinds.map((kind) => deps.limits.hit(kind, ip)));
    let retryAfterS = 0;
    for (const decision of decisions) {
      if (!decision.allowed) retryAfterS = Math.max(retryAfterS, decision.retryAfterS);
    }
    if (retryAfterS === 0) return next();
    c.header('Retry-After', String(retryAfterS));
    return refuse(c, 'rate_limited', { retryAfterS });
  });
  const importLimit = limitBodies(MAX_IMPORT_BYTES);
  const requestLimit = limitBodies(MAX_BODY_BYTES);
  const limitApiBodies: MiddlewareHandler = (c, next) =>
    c.req.path === IMPORT_PATH ? importLimit(c, next) : requestLimit(c, next);
  app.use('/api/*', limitApiBodies);
  // Identity farming: every new identity is a user with a library of its own, so an address may
  // make only so many an hour. Counted after the body limit, before the route reads the body.
  app.post(SESSION_PATH, async (c, next) => {
    if (!(await makesNewIdentity(c.req))) return next();
    const decision = await deps.limits.hit('identities', requestIp(c, deps.trustProxy));
    if (decision.allowed) return next();
    c.header('Retry-After', String(decision.retryAfterS));
    return refuse(c, 'too_many_identities', { retryAfterS: decision.retryAfterS });
  });
  // Opening a session is a visit: it renews the account's idle expiry (a new user's first).
  app.use('/api/session', async (c, next) => {
    await next();
    if (c.res.status !== 200) return;
    const opened = v.safeParse(OpenedSessionSchema, await c.res.clone().json());
    if (opened.success) await recordAccountUse(deps.expiry, opened.output.userId, deps.log);
  });
  const users = sessionsRecordingUse(deps.identity, deps.expiry, deps.log);
  app.route('/api', sessionRoutes(deps.identity));
  app.route('/api', videoRoutes(users, deps.videos));
  app.route('/api', playlistRoutes(users, deps.playlists));
  app.route('/api', libraryRoutes(users, deps.videos, deps.playlists));
  app.route('/api', inviteRoutes(deps.invites));

  app.notFound((c) => refuse(c, 'not_found'));
  app.onError((error, c) => {
    if (error instanceof ApiFailure) return refuse(c, error.code, error.figures);
    if (isRedisOutage(deps.redis, error)) {
      deps.log('api_unavailable', { path: c.req.path, error: String(error) });
      return refuse(c, 'unavailable');
    }
    if (isStorageFull(error)) {
      deps.log('api_storage_full', { path: c.req.path, error: String(error) });
      return refuse(c, 'storage_full');
    }
    deps.log('api_error', { path: c.req.path, error: String(error) });
    return refuse(c, 'internal');
  });
  return app;
}

/** Whether a session request carries no token or recovery code, so answering it makes a new user. */
async function makesNewIdentity(req: { text(): Promise<string> }): Promise<boolean> {
  let body: unknown;
  try {
    // Hono keeps the text, so the route reads the same body again.
    body = JSON.parse(await req.text());
  } catch {
    return false;
  }
  const request = v.safeParse(SessionRequestSchema, body);
  return (
    request.success && request.output.token === undefined && request.output.recovery === undefined
  );
}

/** The client's IP; `unknown` for requests that reach the app without a socket (tests). */
function requestIp(
  c: { env: unknown; req: { header(name: string): string | undefined } },
  trustProxy: ProxyTrust | null,
): string {
  const incoming = (c.env as Partial<HttpBindings> | undefined)?.incoming;
  return clientIp(incoming?.socket.remoteAddress, c.req.header('X-Forwarded-For'), trustProxy);
}
