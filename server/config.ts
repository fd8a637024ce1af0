/**
 * Relay configuration: read from an environment-shaped record, validated, with defaults.
 * @module
 */
import { randomBytes } from 'node:crypto';
import { LOAD_HOLD_CAP_MS, SEEK_HOLD_CAP_MS, STALL_HOLD_CAP_MS } from '../shared/protocol';
import { DEFAULT_TRUSTED_PROXIES, parseAddressRange } from './http/client-ip';

/** Everything a relay node needs to know about its deployment. */
export interface Config {
  port: number;
  host: string;
  /** Unset means the caller must supply Redis some other way (main.ts refuses to start). */
  redisUrl: string | undefined;
  /** Names this node in logs; random per process unless set. */
  nodeId: string;
  /** Origin patterns (`*` matches any run of characters other than `/`). */
  allowedOrigins: string[];
  /** Prepended to every Redis key and channel, so several deployments can share one Redis. */
  keyPrefix: string;
  heartbeatMs: number;
  handshakeMs: number;
  sessionTtlS: number;
  tokenTtlS: number;
  /** How long a node stays subscribed to a room after its last local member leaves. */
  roomLingerMs: number;
  /** The longest a room waits for its members after a seek (protocol default). */
  seekHoldCapMs: number;
  /** The longest a playlist room waits for its members to load the next video (protocol default). */
  loadHoldCapMs: number;
  /** The longest a room waits for a member whose player stalled (protocol default). */
  stallHoldCapMs: number;
  /** Chat messages a member may send in a burst; one more is allowed every `chatRefillMs`. */
  chatBurst: number;
  chatRefillMs: number;
  /** How long the host's removal keeps a user out of the room. */
  removedForMs: number;
  /** The most members one room admits (its host and owner always get in). */
  maxRoomMembers: number;
  /** Take the client's IP from `X-Forwarded-For`: its right-most hop not a trusted proxy. */
  trustProxy: boolean;
  /** With `trustProxy`, the addresses and ranges of the proxies whose hops are believed. */
  trustedProxies: string[];
  /** Open WebSockets per IP across all nodes; 0: no limit. */
  maxConnectionsPerIp: number;
  /** Joins (`hello`) per IP per minute across all nodes; 0: no limit. */
  joinsPerIpPerMin: number;
  /** `POST /api/invites/lookup` calls per IP per minute across all nodes; 0: no limit. */
  lookupsPerIpPerMin: number;
  /** `/api` requests per IP per minute across all nodes; 0: no limit. */
  apiRequestsPerIpPerMin: number;
  /** New identities (`POST /api/session` without a token) per IP per hour; 0: no limit. */
  newIdentitiesPerIpPerHour: number;
  /** When set, `/metrics` requires `Authorization: Bearer <this>`. */
  metricsToken: string | undefined;
  /** How long a user's library (videos, playlists, invite keys) outlives their last visit. */
  accountIdleTtlS: number;
  /** Slowloris: a request's headers must arrive within this long. */
  httpHeadersTimeoutMs: number;
  /** A whole request (headers and body) must arrive within this long. */
  httpRequestTimeoutMs: number;
  /** How long an idle keep-alive HTTP connection stays open. */
  httpKeepAliveTimeoutMs: number;
  /** Open WebSockets (and upgrades under way) on this node; past it upgrades answer 503. */
  maxConnectionsPerNode: number;
  /** A Redis command that has not answered within this long fails (503), so work cannot pile up. */
  redisCommandTimeoutMs: number;
}

/** Thrown by `loadConfig` with one line per invalid variable. */
export class ConfigError extends Error {
  override name = 'ConfigError';
}

const DEFAULT_ORIGINS = 'chrome-extension://*,moz-extension://*';
const DAY_S = 86_400;

type Env = Readonly<Record<string, string | undefined>>;

/** Builds a `Config` from `env`; throws `ConfigError` listing every invalid variable. */
export function loadConfig(env: Env): Config {
  const problems: string[] = [];

  const integer = (name: string, fallback: number, min: number, max: number): number => {
    const raw = env[name]?.trim();
    if (raw === undefined || raw === '') return fallback;
    const value = Number(raw);
    if (!/^\d+$/.test(raw) || !Number.isSafeInteger(value) || value < min || value > max) {
      problems.push(`${name} must be a whole number from ${min} to ${max}, got "${raw}"`);
      return fallback;
    }
    return value;
  };
  const text = (name: string, fallback: string): string => {
    const raw = env[name]?.trim();
    return raw === undefined || raw === '' ? fallback : raw;
  };

  const redisUrl = env.REDIS_URL?.trim() || undefined;
  if (redisUrl !== undefined && !/^rediss?:\/\//.test(redisUrl)) {
    problems.push(`REDIS_URL must start with redis:// or rediss://, got "${redisUrl}"`);
  }
  const allowedOrigins = text('ALLOWED_ORIGINS', DEFAULT_ORIGINS)
    .split(',')
    .map((pattern) => pattern.trim())
    .filter((pattern) => pattern !== '');
  if (allowedOrigins.length === 0) problems.push('ALLOWED_ORIGINS must list at least one origin');
  const nodeId = text('NODE_ID', randomBytes(4).toString('hex'));
  if (!/^[\w.-]{1,64}$/.test(nodeId)) {
    problems.push(`NODE_ID must be 1-64 letters, digits, '.', '_' or '-', got "${nodeId}"`);
  }

  const flag = (name: string): boolean => {
    const raw = env[name]?.trim();
    if (raw === undefined || raw === '' || raw === '0') return false;
    if (raw === '1') return true;
    problems.push(`${name} must be 0 or 1, got "${raw}"`);
    return false;
  };
  const trustedProxies = text('TRUSTED_PROXIES', DEFAULT_TRUSTED_PROXIES.join(','))
    .split(',')
    .map((entry) => entry.trim())
    .filter((entry) => entry !== '');
  for (const entry of trustedProxies) {
    if (parseAddressRange(entry) === null) {
      problems.push(`TRUSTED_PROXIES must list IP addresses or ranges (a.b.c.d/n), got "${entry}"`);
    }
  }
  const metricsToken = env.METRICS_TOKEN?.trim() || undefined;
  if (metricsToken !== undefined && !/^[\x21-\x7e]{16,}$/.test(metricsToken)) {
    problems.push('METRICS_TOKEN must be at least 16 printable characters without spaces');
  }

  const config: Config = {
    port: integer('PORT', 8787, 0, 65_535),
    host: text('HOST', '127.0.0.1'),
    redisUrl,
    nodeId,
    allowedOrigins,
    keyPrefix: env.KEY_PREFIX ?? 'ww:',
    // Capped at 20 s: Chrome stops an extension service worker after 30 s without socket traffic.
    // (Firefox's event page ignores socket traffic; the joined tab's port keeps it up.)
    heartbeatMs: integer('HEARTBEAT_MS', 15_000, 10, 20_000),
    handshakeMs: integer('HANDSHAKE_MS', 10_000, 10, 60_000),
    sessionTtlS: integer('SESSION_TTL_S', 43_200, 60, 30 * DAY_S),
    tokenTtlS: integer('TOKEN_TTL_S', 365 * DAY_S, 60, 3650 * DAY_S),
    roomLingerMs: integer('ROOM_LINGER_MS', 5_000, 0, 600_000),
    seekHoldCapMs: integer('SEEK_HOLD_CAP_MS', SEEK_HOLD_CAP_MS, 10, 600_000),
    stallHoldCapMs: integer('STALL_HOLD_CAP_MS', STALL_HOLD_CAP_MS, 10, 600_000),
    loadHoldCapMs: integer('LOAD_HOLD_CAP_MS', LOAD_HOLD_CAP_MS, 10, 600_000),
    // 5 messages per 10 s, in a burst of up to 5.
    chatBurst: integer('CHAT_BURST', 5, 1, 1000),
    chatRefillMs: integer('CHAT_REFILL_MS', 2000, 1, 600_000),
    removedForMs: integer('REMOVED_FOR_MS', 600_000, 1000, 30 * DAY_S * 1000),
    maxRoomMembers: integer('MAX_ROOM_MEMBERS', 50, 1, 1000),
    trustProxy: flag('TRUST_PROXY'),
    trustedProxies,
    // Generous enough for a household or an office behind one NAT address.
    maxConnectionsPerIp: integer('MAX_CONNECTIONS_PER_IP', 50, 0, 1_000_000),
    joinsPerIpPerMin: integer('JOINS_PER_IP_PER_MIN', 120, 0, 1_000_000),
    lookupsPerIpPerMin: integer('LOOKUPS_PER_IP_PER_MIN', 60, 0, 1_000_000),
    apiRequestsPerIpPerMin: integer('API_REQUESTS_PER_IP_PER_MIN', 600, 0, 1_000_000),
    // A browser profile makes one identity ever; a household or an office makes a few an hour.
    newIdentitiesPerIpPerHour: integer('IDENTITIES_PER_IP_PER_HOUR', 30, 0, 1_000_000),
    metricsToken,
    accountIdleTtlS: integer('ACCOUNT_IDLE_TTL_S', 365 * DAY_S, 1, 3650 * DAY_S),
    httpHeadersTimeoutMs: integer('HTTP_HEADERS_TIMEOUT_MS', 10_000, 100, 600_000),
    httpRequestTimeoutMs: integer('HTTP_REQUEST_TIMEOUT_MS', 60_000, 100, 3_600_000),
    httpKeepAliveTimeoutMs: integer('HTTP_KEEPALIVE_TIMEOUT_MS', 5_000, 100, 600_000),
    maxConnectionsPerNode: integer('MAX_CONNECTIONS_PER_NODE', 20_000, 1, 1_000_000),
    redisCommandTimeoutMs: integer('REDIS_COMMAND_TIMEOUT_MS', 3_000, 50, 600_000),
  };
  // Node refuses a header timeout longer than the whole request's.
  if (config.httpHeadersTimeoutMs > config.httpRequestTimeoutMs) {
    problems.push('HTTP_HEADERS_TIMEOUT_MS must not be longer than HTTP_REQUEST_TIMEOUT_MS');
  }
  if (problems.length > 0) {
    throw new ConfigError(`Invalid relay configuration:\n  ${problems.join('\n  ')}`);
  }
  return config;
}

/**
 * Whether `host` is a loopback interface, so that only this machine can reach the relay (the
 * metrics are open there without a token).
 */
export function isLoopbackHost(host: string): boolean {
  const name = host.toLowerCase().replace(/^\[(.*)\]$/, '$1');
  return name === 'localhost' || name === '::1' || /^(::ffff:)?127(\.\d{1,3}){3}$/.test(name);
}
