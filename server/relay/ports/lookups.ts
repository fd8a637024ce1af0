/**
 * What the relay looks up about a joiner: what its invite key opens (and whose it is), and whose
 * session its hello carries.
 * @module
 */
import type { InviteLookupResponse } from '../../../shared/protocol';

/** An invite's target with its owner, who is the room's rightful host. */
export interface InviteRoom {
  target: InviteLookupResponse;
  /** The uid of the video's or playlist's owner. */
  owner: string;
}

export interface InviteLookup {
  /** What `key` opens now, or null. */
  lookupInvite(key: string): Promise<InviteLookupResponse | null>;
}

export interface RoomOwnerLookup {
  /** What `key` opens with its owner, or null. */
  lookupRoom(key: string): Promise<InviteRoom | null>;
}

export interface SessionLookup {
  /** Who a session belongs to; null for an unknown one. Sessions are credentials: never log them. */
  userForSession(session: string): Promise<string | null>;
}
