/**
 * Every Redis key and channel name the relay uses, in one place (documented in redis/README.md).
 * @module
 */

/** Key and channel names under `prefix`. Secrets appear only as SHA-256 hex, never verbatim. */
export function redisKeys(prefix: string) {
  const videoPrefix = `${prefix}video:`;
  const playlistPrefix = `${prefix}playlist:`;
  return {
    user: (uid: string) => `${prefix}user:${uid}`,
    token: (tokenSha: string) => `${prefix}token:${tokenSha}`,
    session: (sessionSha: string) => `${prefix}session:${sessionSha}`,
    /** `family(id)` is this plus the id: scripts that follow a token or session build it. */
    familyPrefix: `${prefix}family:`,
    /** A token family: its user, the secret its successors derive from, whether it is revoked. */
    family: (familyId: string) => `${prefix}family:${familyId}`,
    /** `recovery(sha)` is this plus the hash: the script that replaces a user's code builds it. */
    recoveryPrefix: `${prefix}recovery:`,
    recovery: (codeSha: string) => `${prefix}recovery:${codeSha}`,
    videoSeq: `${prefix}video:seq`,
    /** `video(id)` is this plus the id: scripts that follow an invite build the key from it. */
    videoPrefix,
    video: (id: number) => `${videoPrefix}${id}`,
    userVideos: (uid: string) => `${prefix}user:${uid}:videos`,
    userYoutube: (uid: string) => `${prefix}user:${uid}:youtube`,
    playlistSeq: `${prefix}playlist:seq`,
    /** `playlist(id)` is this plus the id; `playlistItems(id)` adds `:items`. */
    playlistPrefix,
    playlist: (id: number) => `${playlistPrefix}${id}`,
    playlistItems: (id: number) => `${playlistPrefix}${id}:items`,
    userPlaylists: (uid: string) => `${prefix}user:${uid}:playlists`,
    /** When (relay ms) the user's keys last had their idle expiry pushed back. */
    userRefreshed: (uid: string) => `${prefix}user:${uid}:refreshed`,
    invite: (inviteSha: string) => `${prefix}invite:${inviteSha}`,
    /** What a deleted video or playlist was, kept for a while so the deletion can be undone. */
    trashedVideo: (id: number) => `${prefix}trash:video:${id}`,
    trashedPlaylist: (id: number) => `${prefix}trash:playlist:${id}`,
    // The braces are a Redis Cluster hash tag: every key of one room lands in one slot.
    roomState: (rid: string) => `${prefix}room:{${rid}}:state`,
    roomMembers: (rid: string) => `${prefix}room:{${rid}}:members`,
    /** The room's host (a uid) and its host-only lock. */
    roomMeta: (rid: string) => `${prefix}room:{${rid}}:meta`,
    /** The room's chat, a capped stream. */
    roomChat: (rid: string) => `${prefix}room:{${rid}}:chat`,
    /** Users and addresses the host removed: uid, `ip:<address>`, `pass:<uid>` → until (ms). */
    roomBanned: (rid: string) => `${prefix}room:{${rid}}:banned`,
    /** Joiners waiting for the host to let them in: memberId → entry JSON. */
    roomKnocks: (rid: string) => `${prefix}room:{${rid}}:knocks`,
    /** Users who may join while only people the host lets in may: a set of uids. */
    roomAdmitted: (rid: string) => `${prefix}room:{${rid}}:admitted`,
    roomChannel: (rid: string) => `${prefix}room:{${rid}}:bus`,
    /** A per-IP limit's counter (`joins`, `lookups`, `api`) or open connections (`connections`). */
    rateLimit: (kind: string, ip: string) => `${prefix}ratelimit:${kind}:${ip}`,
  };
}

/** The key and channel names of one deployment. */
export type RedisKeys = ReturnType<typeof redisKeys>;
