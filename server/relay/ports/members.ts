/**
 * What the relay needs of the shared member lists: each node writes its own members' entries
 * and reads everyone's.
 * @module
 */
import type { MemberInfo, MemberStatus } from '../../../shared/protocol';

/**
 * An entry not refreshed for this long belongs to a node that died with its sockets: it no longer
 * counts and is deleted on the next listing. Nodes refresh their members' entries every second.
 */
export const MEMBER_STALE_MS = 10_000;

/** What the member's node knows of it. */
export interface MemberProfile {
  name: string;
  status: MemberStatus;
  error: number | null;
  rtt: number | null;
  /** The member's user, if its hello carried a valid session. */
  uid: string | null;
  /** The member's client address, for the host's removal; never sent to members. */
  ip: string | null;
}

/** A room's member list and its host-only lock as it applies now. */
export interface RoomRoster {
  /** Every live member, sorted by name: what a frame carries of it is the fan-out's choice. */
  members: MemberInfo[];
  /** On, and the host in the room: playback changes from anyone else are refused. */
  hostOnly: boolean;
  /** "Only people I let in": joiners knock and wait for the host. */
  letInOnly: boolean;
}

export interface MemberDirectory {
  /** Writes `members` as seen at `now`, then returns everyone live in the room. */
  sync(
    rid: string,
    members: readonly (readonly [string, MemberProfile])[],
    now: number,
  ): Promise<RoomRoster>;
  /** Enters a joiner as `sync` does, unless `cap` others are live (host and owner always get in). */
  join(
    rid: string,
    id: string,
    profile: MemberProfile,
    now: number,
    cap: number,
  ): Promise<RoomRoster | 'full'>;
  /** Writes one member's entry as seen at `now`. */
  write(rid: string, id: string, profile: MemberProfile, now: number): Promise<void>;
  /** Deletes a member who has left. */
  remove(rid: string, id: string): Promise<void>;
}
