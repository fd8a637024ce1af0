/**
 * One relay node, composed and listening: HTTP app, WebSocket relay, stores and bus on real
 * Redis connections. Used by `main.ts` and by tests that run several nodes in one process.
 * @module
 */
import { createAdaptorServer } from '@hono/node-server';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Redis } from 'ioredis';
import { WebSocketServer } from 'ws';
import { MAX_FRAME_BYTES } from '../shared/protocol';
import { createApp } from './http/app';
import { sessionsRecordingUse } from './http/account-use';
import { trustedProxies } from './http/client-ip';
import { isLoopbackHost, type Config } from './config';
import { silentLog, type Log } from './log';
import { relayMetrics } from './metrics';
import { originMatcher } from './http/origin-pattern';
import { createRedisBus } from './redis/redis-bus';
import { connectRedis } from './redis/connection';
import { isRedisOutage, isStorageFull } from './redis/outage';
import { timeScripts } from './redis/lua-script';
import { ConnectionSlots, RateLimiter } from './rate-limits';
import { Relay } from './relay/relay';
import { relayClock } from './relay/relay-clock';
import { AccountExpiry } from './redis/stores/account-expiry';
import { ChatStore } from './redis/stores/chat-store';
import { IdentityStore } from './redis/stores/identity-store';
import { InviteStore } from './redis/stores/invite-store';
import { KnockStore } from './redis/stores/knock-store';
import { MemberStore } from './redis/stores/member-store';
import { PlaylistStore } from './redis/stores/playlist-store';
import { redisKeys } from './redis/keys';
import { RoomMetaStore } from './redis/stores/room-meta-store';
import { RoomStore } from './redis/stores/room-store';
import { VideoStore } from './redis/stores/video-store';
import { wsUpgradeListener } from './relay/ws-upgrade';

/**
 * How long a connection's per-IP lease lasts without renewal: after a node dies, its sockets stop
 * counting against their IPs' limits within this time.
 */
const CONNECTION_LEASE_MS = 60_000;
/**
 * TCP connections a node takes beyond its WebSocket cap, for API calls and for answering the
 * upgrades it refuses; Node drops any further ones at once (descriptor exhaustion).
 */
const HTTP_CONNECTION_HEADROOM = 1000;

export interface StartRelayOptions {
  config: Config;
  /** Where Redis is; the node opens (and on close, quits) two connections to it. */
  redisUrl: string;
  log?: Log;
}

/** A listening relay node. */
export interface RunningRelay {
  /** The bound port (useful with `config.port` 0). */
  port: number;
  /** `http://host:port`; the WebSocket endpoint is `${url}/ws` with the ws: scheme. */
  url: string;
  /** Closes sockets with 1001, stops listening and quits its Redis connections. */
  close(): Promise<void>;
}

/** Connects to Redis, then starts listening on `config.host:config.port`. */
export async function startRelay({
  config,
  redisUrl,
  log = silentLog,
}: StartRelayOptions): Promise<RunningRelay> {
  const commandTimeoutMs = config.redisCommandTimeoutMs;
  const redis = await connectRedis(redisUrl, `wewatch-${config.nodeId}`, commandTimeoutMs);
  let subscriber: Redis;
  try {
    subscriber = await connectRedis(redisUrl, `wewatch-${config.nodeId}-bus`, commandTimeoutMs);
  } catch (error) {
    redis.disconnect();
    throw error;
  }
  watchConnection(redis, 'redis', log);
  watchConnection(subscriber, 'redis_bus', log);

  const keys = redisKeys(config.keyPrefix);
  const isAllowedOrigin = originMatcher(config.allowedOrigins);
  const trustProxy = config.trustProxy ? trustedProxies(config.trustedProxies) : null;
  const invites = new InviteStore(redis, keys);
  const identity = new IdentityStore(redis, keys, config);
  const accountTtlMs = config.accountIdleTtlS * 1000;
  // Behind a proxy (TRUST_PROXY) a relay on loopback still answers the world.
  const metricsOpen = isLoopbackHost(config.host) && !config.trustProxy;
  if (config.metricsToken === undefined && !metricsOpen) {
    log('metrics_locked', { reason: 'METRICS_TOKEN is not set and the relay is reachable' });
  }
  const expiry = new AccountExpiry(redis, keys, accountTtlMs);
  const metrics = relayMetrics();
  timeScripts(redis, metrics.redisScripts);
  const limits = new RateLimiter(
    redis,
    keys,
    {
      joins: config.joinsPerIpPerMin,
      lookups: config.lookupsPerIpPerMin,
      api: config.apiRequestsPerIpPerMin,
      identities: config.newIdentitiesPerIpPerHour,
    },
    log,
    metrics.rateLimited,
  );
  const slots = new ConnectionSlots(
    redis,
    keys,
    config.maxConnectionsPerIp,
    CONNECTION_LEASE_MS,
    log,
    metrics.rateLimited,
  );
  const app = createApp({
    identity,
    videos: new VideoStore(redis, keys, accountTtlMs),
    playlists: new PlaylistStore(redis, keys, accountTtlMs),
    invites,
    redis,
    isAllowedOrigin,
    limits,
    trustProxy,
    metrics,
    metricsToken: config.metricsToken,
    metricsOpen,
    expiry,
    log,
  });
  const relay = new Relay({
    rooms: new RoomStore(redis, keys, config),
    members: new MemberStore(redis, keys),
    meta: new RoomMetaStore(redis, keys, config.removedForMs),
    chat: new ChatStore(redis, keys),
    knocks: new KnockStore(redis, keys, config.removedForMs),
    invites,
    owners: invites,
    // A join with a session is a visit of that user.
    identity: sessionsRecordingUse(identity, expiry, log),
    bus: createRedisBus(subscriber, keys, log),
    limits: { admitJoin: (ip) => limits.hit('joins', ip) },
    clock: relayClock,
    isOutage: (error) => isRedisOutage(redis, error),
    isStorageFull,
    heartbeatMs: config.heartbeatMs,
    handshakeMs: config.handshakeMs,
    roomLingerMs: config.roomLingerMs,
    chatBudget: { burst: config.chatBurst, refillMs: config.chatRefillMs },
    maxRoomMembers: config.maxRoomMembers,
    metrics,
    log,
  });
  metrics.registry.gauge(
    'wewatch_connections',
    'Open WebSockets on this node.',
    () => relay.connectionCount,
  );
  metrics.registry.gauge(
    'wewatch_rooms',
    'Rooms with members on this node.',
    () => relay.roomCount,
  );

  // The relay tracks its own clients; ws enforces the frame size cap itself (closing with 1009).
  const wss = new WebSocketServer({
    noServer: true,
    maxPayload: MAX_FRAME_BYTES,
    clientTracking: false,
  });
  const server = createAdaptorServer({
    fetch: app.fetch,
    hostname: config.host,
    // Slowloris and slow bodies: a client that trickles its request is cut off with 408 (checked
    // this often, so that the timeouts hold to within a second).
    serverOptions: {
      headersTimeout: config.httpHeadersTimeoutMs,
      requestTimeout: config.httpRequestTimeoutMs,
      keepAliveTimeout: config.httpKeepAliveTimeoutMs,
      connectionsCheckingInterval: Math.min(1000, config.httpHeadersTimeoutMs / 2),
    },
  }) as Server;
  server.maxConnections = config.maxConnectionsPerNode + HTTP_CONNECTION_HEADROOM;
  server.on('drop', () => metrics.rejects.inc('tcp_limit'));
  let accepting = true;
  server.on(
    'upgrade',
    wsUpgradeListener({
      wss,
      isAllowedOrigin,
      accepting: () => accepting,
      maxConnections: config.maxConnectionsPerNode,
      trustProxy,
      takeSlot: (ip) => slots.take(ip),
      onSocket: (ws, ip) => relay.accept(ws, ip),
      rejects: metrics.rejects,
      log,
    }),
  );

  try {
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(config.port, config.host, () => {
        server.off('error', reject);
        resolve();
      });
    });
  } catch (error) {
    slots.stop();
    await relay.close();
    redis.disconnect();
    subscriber.disconnect();
    throw error;
  }
  const { port } = server.address() as AddressInfo;
  const host = config.host.includes(':') ? `[${config.host}]` : config.host;
  log('relay_listening', { host: config.host, port });

  let closing: Promise<void> | null = null;
  return {
    port,
    url: `http://${host}:${port}`,
    close() {
      closing ??= (async () => {
        accepting = false;
        const stopped = new Promise<void>((resolve) => server.close(() => resolve()));
        server.closeIdleConnections();
        await relay.close();
        server.closeAllConnections();
        await stopped;
        slots.stop();
        await Promise.allSettled([redis.quit(), subscriber.quit()]);
        log('relay_closed');
      })();
      return closing;
    },
  };
}

/** Logs a connection's outages once each, not once per reconnect attempt. */
function watchConnection(redis: Redis, name: string, log: Log): void {
  let down = false;
  redis.on('error', (error: Error) => {
    if (down) return;
    down = true;
    log(`${name}_down`, { error: error.message });
  });
  redis.on('ready', () => {
    if (!down) return;
    down = false;
    log(`${name}_up`);
  });
}
