/**
 * Every Redis key and channel name the relay uses, in one place (documented in redis/README.md).
 * @module
 */

/** Key and channel names under `prefix`. Secrets appear only as SHA-256 hex, never verbatim. */
export function redisKeys(prefix: string) {
  return {
    user: (uid: string) => `${prefix}user:${uid}`,
    token: (tokenSha: string) => `${prefix}token:${tokenSha}`,
    session: (sessionSha: string) => `${prefix}session:${sessionSha}`,
    videoSeq: `${prefix}video:seq`,
    video: (id: number) => `${prefix}video:${id}`,
    userVideos: (uid: string) => `${prefix}user:${uid}:videos`,
    userYoutube: (uid: string) => `${prefix}user:${uid}:youtube`,
    invite: (inviteSha: string) => `${prefix}invite:${inviteSha}`,
    // The braces are a Redis Cluster hash tag: every key of one room lands in one slot.
    roomState: (rid: string) => `${prefix}room:{${rid}}:state`,
    roomMembers: (rid: string) => `${prefix}room:{${rid}}:members`,
    roomChannel: (rid: string) => `${prefix}room:{${rid}}:bus`,
  };
}

/** The key and channel names of one deployment. */
export type RedisKeys = ReturnType<typeof redisKeys>;
