/**
 * What an invite key opens: a saved video, or a playlist with its items, and whose it is. The
 * relay asks on every join, so the answer is one script call.
 * @module
 */
import type { Redis } from 'ioredis';
import * as v from 'valibot';
import { InviteLookupResponseSchema, type InviteLookupResponse } from '../../../shared/protocol';
import { sha256Hex } from '../../secrets';
import { LuaScript } from '../lua-script';
import type { RedisKeys } from '../keys';
import type { InviteLookup, InviteRoom, RoomOwnerLookup } from '../../relay/ports/lookups';

/**
 * Follows an invite key. KEYS[1] the invite key; ARGV: the video key prefix, the playlist key
 * prefix. The target's keys are derived from the invite's value (`video:{id}` or
 * `playlist:{id}`), so they cannot be declared up front: this needs all keys on one Redis.
 * Returns nil, {'video', owner, youtubeId, title} or {'playlist', owner, title, youtubeId,
 * title, …} with the items in order (items whose video is gone are left out).
 */
const LOOKUP_INVITE = new LuaScript(`
local target = redis.call('GET', KEYS[1])
if not target then return nil end
local kind, id = string.match(target, '^(%a+):(%d+)$')
if kind == 'video' then
  local video = redis.call('HMGET', ARGV[1] .. id, 'youtubeId', 'title', 'owner')
  if not video[1] or not video[2] or not video[3] then return nil end
  return {'video', video[3], video[1], video[2]}
end
if kind ~= 'playlist' then return nil end
local playlist = redis.call('HMGET', ARGV[2] .. id, 'title', 'owner')
if not playlist[1] or not playlist[2] then return nil end
local answer = {'playlist', playlist[2], playlist[1]}
for _, videoId in ipairs(redis.call('LRANGE', ARGV[2] .. id .. ':items', 0, -1)) do
  local video = redis.call('HMGET', ARGV[1] .. videoId, 'youtubeId', 'title')
  if video[1] and video[2] then
    answer[#answer + 1] = video[1]
    answer[#answer + 1] = video[2]
  end
end
return answer
`);

/** What an invite key opens, with the user who owns it (never part of an API answer). */

/** Resolves invite keys for the lookup API and the relay's joins. */
export class InviteStore implements InviteLookup, RoomOwnerLookup {
  constructor(
    private readonly redis: Redis,
    private readonly keys: RedisKeys,
  ) {}

  /** What an invite key opens, or null when it opens nothing. */
  async lookupInvite(inviteKey: string): Promise<InviteLookupResponse | null> {
    return (await this.lookupRoom(inviteKey))?.target ?? null;
  }

  /** What an invite key opens and who owns it, or null when it opens nothing. */
  async lookupRoom(inviteKey: string): Promise<InviteRoom | null> {
    const reply = await LOOKUP_INVITE.run(
      this.redis,
      [this.keys.invite(sha256Hex(inviteKey))],
      [this.keys.videoPrefix, this.keys.playlistPrefix],
    );
    if (!Array.isArray(reply)) return null;
    const [kind, owner, ...rest] = reply as string[];
    if (owner === undefined) return null;
    if (kind === 'video') {
      const [youtubeId, title] = rest;
      return { target: v.parse(InviteLookupResponseSchema, { kind, youtubeId, title }), owner };
    }
    const [title, ...pairs] = rest;
    const items = [];
    for (let i = 0; i + 1 < pairs.length; i += 2) {
      items.push({ youtubeId: pairs[i], title: pairs[i + 1] });
    }
    return { target: v.parse(InviteLookupResponseSchema, { kind, title, items }), owner };
  }
}
