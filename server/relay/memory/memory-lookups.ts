/**
 * Invites, their owners and sessions in memory: what a test has put there.
 * @module
 */
/* eslint-disable @typescript-eslint/require-await -- the ports are async for Redis; memory answers at once. */
import type { InviteLookupResponse } from '../../../shared/protocol';
import type { InviteLookup, InviteRoom, RoomOwnerLookup, SessionLookup } from '../ports/lookups';

export class MemoryLookups implements InviteLookup, RoomOwnerLookup, SessionLookup {
  readonly #invites = new Map<string, InviteRoom>();
  readonly #sessions = new Map<string, string>();

  /** Makes `key` open `target`, owned by user `owner`. */
  addInvite(key: string, target: InviteLookupResponse, owner: string): void {
    this.#invites.set(key, { target, owner });
  }

  /** Makes `session` a session of user `uid`. */
  addSession(session: string, uid: string): void {
    this.#sessions.set(session, uid);
  }

  async lookupInvite(key: string): Promise<InviteLookupResponse | null> {
    return this.#invites.get(key)?.target ?? null;
  }

  async lookupRoom(key: string): Promise<InviteRoom | null> {
    return this.#invites.get(key) ?? null;
  }

  async userForSession(session: string): Promise<string | null> {
    return this.#sessions.get(session) ?? null;
  }
}
