/**
 * Per-IP limits kept in Redis, so that they hold across every relay node sharing it: request
 * rates in fixed windows, and open WebSockets as leases that a dead node cannot leak.
 * When Redis cannot answer, every limit lets the request through (and says so in the log): an
 * outage must not lock everyone out, and whatever needs Redis next fails on its own.
 * @module
 */
import type { Redis } from 'ioredis';
import type { Log } from './log';
import type { Counter } from './metrics';
import { newId } from './secrets';
import { LuaScript } from './redis/lua-script';
import type { RedisKeys } from './redis/keys';

/** The length of a rate window. */
export const RATE_WINDOW_MS = 60_000;

/** What a rate limit counts, per IP and window. */
export type RateKind = 'joins' | 'lookups' | 'api' | 'identities';

/** Each limit's window: minutes for requests, an hour for new identities. */
const WINDOW_MS: Readonly<Record<RateKind, number>> = {
  joins: RATE_WINDOW_MS,
  lookups: RATE_WINDOW_MS,
  api: RATE_WINDOW_MS,
  identities: 60 * RATE_WINDOW_MS,
};

/** A limit's answer; `retryAfterS` is when the window ends (whole seconds, at least 1). */
export type RateDecision = { allowed: true } | { allowed: false; retryAfterS: number };

/**
 * One hit in a fixed window. KEYS[1] the counter; ARGV[1] the window (ms). Returns the count so
 * far and the window's remaining time (ms). The counter expires with its window; a counter that
 * somehow lost its expiry gets one, so no key lives forever.
 */
const HIT_WINDOW = new LuaScript(`
local count = redis.call('INCR', KEYS[1])
if count == 1 then redis.call('PEXPIRE', KEYS[1], ARGV[1]) end
local ttl = redis.call('PTTL', KEYS[1])
if ttl < 0 then
  redis.call('PEXPIRE', KEYS[1], ARGV[1])
  ttl = tonumber(ARGV[1])
end
return {count, ttl}
`);

/** Logs an outage of the limits once, and its end once, instead of once per request. */
class OutageNotice {
  #down = false;

  constructor(
    private readonly log: Log,
    private readonly event: string,
  ) {}

  failed(error: unknown): void {
    if (this.#down) return;
    this.#down = true;
    this.log(this.event, { error: String(error), failOpen: true });
  }

  succeeded(): void {
    if (!this.#down) return;
    this.#down = false;
    this.log(`${this.event.replace(/_unavailable$/, '')}_restored`);
  }
}

/** Request rates per IP: joins (`hello`), invite lookups, API requests and new identities. */
export class RateLimiter {
  readonly #outage: OutageNotice;

  constructor(
    private readonly redis: Redis,
    private readonly keys: RedisKeys,
    /** Hits allowed per IP per window; 0 turns a limit off. */
    private readonly limits: Readonly<Record<RateKind, number>>,
    private readonly log: Log,
    private readonly limited: Counter,
  ) {
    this.#outage = new OutageNotice(log, 'rate_limits_unavailable');
  }

  /** Counts one `kind` hit from `ip` and says whether it is within the limit. */
  async hit(kind: RateKind, ip: string): Promise<RateDecision> {
    const limit = this.limits[kind];
    if (limit === 0) return { allowed: true };
    let reply: unknown;
    try {
      reply = await HIT_WINDOW.run(this.redis, [this.keys.rateLimit(kind, ip)], [WINDOW_MS[kind]]);
      this.#outage.succeeded();
    } catch (error) {
      this.#outage.failed(error);
      return { allowed: true };
    }
    const [count, ttl] = reply as [number, number];
    if (count <= limit) return { allowed: true };
    this.limited.inc(kind);
    const retryAfterS = Math.max(1, Math.ceil(ttl / 1000));
    // Once per IP and window: a flood must not turn into a flood of log lines.
    if (count === limit + 1) this.log('rate_limited', { limit: kind, ip, retryAfterS });
    return { allowed: false, retryAfterS };
  }
}

/** An open WebSocket counted against its IP; release it once, when the socket closes. */
export interface ConnectionSlot {
  release(): void;
}

/**
 * Takes a slot. KEYS[1] the IP's sorted set of connection ids scored by lease expiry (Redis
 * time, ms); ARGV: the connection id, the limit, the lease (ms). Drops expired leases first (those
 * of a node that died), then adds the connection unless the IP is at the limit. Returns 1 if
 * taken, else 0.
 */
const TAKE_SLOT = new LuaScript(`
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', now)
if redis.call('ZCARD', KEYS[1]) >= tonumber(ARGV[2]) then return 0 end
redis.call('ZADD', KEYS[1], now + tonumber(ARGV[3]), ARGV[1])
redis.call('PEXPIRE', KEYS[1], ARGV[3])
return 1
`);

/**
 * Renews leases. KEYS[1] the IP's sorted set; ARGV: the lease (ms), then connection ids. Only
 * ids still present are renewed (`XX`), so a renewal racing a release never brings one back.
 */
const RENEW_SLOTS = new LuaScript(`
local t = redis.call('TIME')
local until_ms = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000) + tonumber(ARGV[1])
for i = 2, #ARGV do redis.call('ZADD', KEYS[1], 'XX', until_ms, ARGV[i]) end
redis.call('PEXPIRE', KEYS[1], ARGV[1])
return 1
`);

/**
 * Open WebSockets per IP across all nodes. Each connection holds a lease in Redis that its node
 * renews every third of `leaseMs`; a node that dies stops renewing, and its leases lapse within
 * `leaseMs`, so its connections stop counting without anyone cleaning up after it.
 */
export class ConnectionSlots {
  /** This node's live leases: connection id → IP. */
  readonly #held = new Map<string, string>();
  readonly #renewal: ReturnType<typeof setInterval>;
  readonly #outage: OutageNotice;

  constructor(
    private readonly redis: Redis,
    private readonly keys: RedisKeys,
    /** Open connections allowed per IP; 0 turns the limit off. */
    private readonly limit: number,
    private readonly leaseMs: number,
    log: Log,
    private readonly limited: Counter,
  ) {
    this.#outage = new OutageNotice(log, 'connection_limits_unavailable');
    this.#renewal = setInterval(() => void this.#renew(), Math.max(1, Math.floor(leaseMs / 3)));
    this.#renewal.unref();
  }

  /** A slot for a new connection from `ip`, or null when the IP already has `limit` open. */
  async take(ip: string): Promise<ConnectionSlot | null> {
    if (this.limit === 0) return { release: () => {} };
    const id = newId();
    try {
      const taken = await TAKE_SLOT.run(
        this.redis,
        [this.keys.rateLimit('connections', ip)],
        [id, this.limit, this.leaseMs],
      );
      this.#outage.succeeded();
      if (taken !== 1) {
        this.limited.inc('connections');
        return null;
      }
    } catch (error) {
      // Fail open: the connection goes uncounted rather than refused.
      this.#outage.failed(error);
      return { release: () => {} };
    }
    this.#held.set(id, ip);
    let released = false;
    return {
      release: () => {
        if (released) return;
        released = true;
        this.#held.delete(id);
        this.redis.zrem(this.keys.rateLimit('connections', ip), id).catch(() => {
          // Unreachable Redis: the lease lapses by itself.
        });
      },
    };
  }

  /** Stops renewing; leases still held lapse on their own unless released. */
  stop(): void {
    clearInterval(this.#renewal);
  }

  async #renew(): Promise<void> {
    const byIp = new Map<string, string[]>();
    for (const [id, ip] of this.#held) byIp.set(ip, [...(byIp.get(ip) ?? []), id]);
    try {
      await Promise.all(
        [...byIp].map(([ip, ids]) =>
          RENEW_SLOTS.run(
            this.redis,
            [this.keys.rateLimit('connections', ip)],
            [this.leaseMs, ...ids],
          ),
        ),
      );
      if (byIp.size > 0) this.#outage.succeeded();
    } catch (error) {
      this.#outage.failed(error);
    }
  }
}
