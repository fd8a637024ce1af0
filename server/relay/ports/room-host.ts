/**
 * What the relay needs of who runs a room: host actions, each checked atomically against the
 * room's host, and the announcement that makes every node show a changed member list.
 * @module
 */

/** What a host action did: done, or why not. */
export type HostActionOutcome = 'done' | 'not_host' | 'no_member' | 'no_user' | 'self' | 'owner';

export interface RoomHost {
  /** Turns the host-only lock on or off. */
  setHostOnly(rid: string, uid: string, on: boolean): Promise<HostActionOutcome>;
  /** Makes the user of member `memberId` the host. */
  handHost(rid: string, uid: string, memberId: string, now: number): Promise<HostActionOutcome>;
  /** Removes member `memberId` (and keeps its user and address out for a while). */
  remove(rid: string, uid: string, memberId: string, now: number): Promise<HostActionOutcome>;
  /** Tells every node that the room's member list changed: they show it at once. */
  announceRoster(rid: string): Promise<void>;
}
