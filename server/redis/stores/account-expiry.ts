/**
 * Idle accounts expire: every key of a user (their user hash, videos, playlists and the invite
 * keys that open them) carries a TTL of `ACCOUNT_IDLE_TTL_S`, set when the key is written and
 * pushed back when the user comes back, at most once a day, so that use costs one cheap check.
 * @module
 */
import type { Redis } from 'ioredis';
import { sha256Hex } from '../../secrets';
import { LuaScript } from '../lua-script';
import type { RedisKeys } from '../keys';

const DAY_MS = 86_400_000;

/**
 * Pushes back the expiry of a user's keys unless that was done less than an interval ago.
 * KEYS: user:refreshed, user hash, user:videos, user:youtube, user:playlists.
 * ARGV: now (relay ms), interval (ms), ttl (ms), the video key prefix, the playlist key prefix,
 * the recovery code key prefix (the user's unused recovery code expires with the account).
 * Returns nil when the marker is recent (nothing done), else the invite keys of the user's
 * videos and playlists, whose `invite:*` keys the caller renews: they are named by the keys'
 * SHA-256, which Redis' Lua cannot compute. The caller then sets the marker.
 */
const REFRESH_ACCOUNT = new LuaScript(`
local now, interval, ttl = tonumber(ARGV[1]), tonumber(ARGV[2]), ARGV[3]
local last = tonumber(redis.call('GET', KEYS[1]))
if last and last <= now and now - last < interval then return nil end
for i = 2, 5 do redis.call('PEXPIRE', KEYS[i], ttl) end
local recovery = redis.call('HGET', KEYS[2], 'recovery')
if recovery then redis.call('PEXPIRE', ARGV[6] .. recovery, ttl) end
local invites = {}
local function renew(hash)
  if redis.call('PEXPIRE', hash, ttl) == 0 then return end
  local inviteKey = redis.call('HGET', hash, 'inviteKey')
  if inviteKey then invites[#invites + 1] = inviteKey end
end
for _, id in ipairs(redis.call('ZRANGE', KEYS[3], 0, -1)) do renew(ARGV[4] .. id) end
for _, id in ipairs(redis.call('ZRANGE', KEYS[5], 0, -1)) do
  redis.call('PEXPIRE', ARGV[5] .. id .. ':items', ttl)
  renew(ARGV[5] .. id)
end
return invites
`);

/**
 * Lua for the scripts that write a user's keys: `expire_with_account(marker, ttl, keys)` gives
 * `keys` the account's expiry, the instant its `user:refreshed` marker expires (or `ttl` ms from
 * now while it has none), so that all of a user's keys expire together and none is left pointing
 * at another that is gone.
 */
export const EXPIRE_WITH_ACCOUNT = `
local function expire_with_account(marker, ttl, keys)
  local left = redis.call('PTTL', marker)
  if left <= 0 then left = ttl end
  for _, key in ipairs(keys) do redis.call('PEXPIRE', key, left) end
end
`;

/** Sets and renews the idle expiry of users' keys. */
export class AccountExpiry {
  /** Each user's keys are renewed at most this often: a day, or a tenth of a shorter TTL. */
  readonly refreshIntervalMs: number;
  /** Refreshes under way on this node, so that a burst of one user's calls runs one. */
  readonly #running = new Map<string, Promise<void>>();

  constructor(
    private readonly redis: Redis,
    private readonly keys: RedisKeys,
    /** The TTL every key of a user gets: written, and renewed on use. */
    readonly ttlMs: number,
  ) {
    this.refreshIntervalMs = Math.min(DAY_MS, Math.ceil(ttlMs / 10));
  }

  /**
   * Records that `uid` used the relay: pushes back the expiry of all their keys if that was last
   * done more than `refreshIntervalMs` ago (by the relay's clock), else costs one `GET`.
   */
  touch(uid: string): Promise<void> {
    const running = this.#running.get(uid);
    if (running) return running;
    const refresh = this.#refresh(uid).finally(() => this.#running.delete(uid));
    this.#running.set(uid, refresh);
    return refresh;
  }

  async #refresh(uid: string): Promise<void> {
    const now = Date.now();
    const reply = await REFRESH_ACCOUNT.run(
      this.redis,
      [
        this.keys.userRefreshed(uid),
        this.keys.user(uid),
        this.keys.userVideos(uid),
        this.keys.userYoutube(uid),
        this.keys.userPlaylists(uid),
      ],
      [
        now,
        this.refreshIntervalMs,
        this.ttlMs,
        this.keys.videoPrefix,
        this.keys.playlistPrefix,
        this.keys.recoveryPrefix,
      ],
    );
    if (reply === null) return;
    const pipeline = this.redis.pipeline();
    for (const inviteKey of reply as string[]) {
      pipeline.pexpire(this.keys.invite(sha256Hex(inviteKey)), this.ttlMs);
    }
    // Last, so that a refresh cut short is done again on the next call.
    pipeline.set(this.keys.userRefreshed(uid), now, 'PX', this.ttlMs);
    for (const [error] of (await pipeline.exec()) ?? []) if (error) throw error;
  }
}
