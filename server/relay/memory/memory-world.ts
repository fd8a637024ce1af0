/**
 * The shared state of a relay cluster, held in memory: what Redis holds for the Redis stores, for
 * the in-memory ports beside this file. Several relays built on one world behave as nodes sharing
 * one Redis, which lets the relay's rules be tested in milliseconds.
 * @module
 */
import type { ChatMessage, RoomState } from '../../../shared/protocol';
import type { HoldCaps } from '../../../shared/room-timeline';
import type { RoomBroadcast } from '../ports/bus';
import type { KnockEntry } from '../ports/knocks';
import { MEMBER_STALE_MS, type MemberProfile } from '../ports/members';
import { MemoryBus } from './memory-bus';

/** A member's entry with the relay time its node last wrote it. */
export interface MemberEntry extends MemberProfile {
  seenAt: number;
}

/** One room's shared data (Redis: its state, members, meta, banned, admitted, knocks, chat). */
export interface MemoryRoom {
  state: RoomState | null;
  /** In insertion order, as a hash's entries come back. */
  readonly members: Map<string, MemberEntry>;
  owner: string | null;
  host: string | null;
  hostOnly: boolean;
  letInOnly: boolean;
  /** The owner handed host away (see ENSURE_ROOM). */
  handed: boolean;
  /** Kept out until (relay ms): a uid, `ip:<address>`, or a pass `pass:<uid>`. */
  readonly banned: Map<string, number>;
  /** Users let in while "Only people I let in" is on. */
  readonly admitted: Set<string>;
  readonly knocks: Map<string, KnockEntry>;
  readonly chat: ChatMessage[];
}

export interface WorldSettings {
  caps: HoldCaps;
  /** How long a removed or turned-away member is kept out. */
  removedForMs: number;
  /** How long an event takes to reach the nodes (0: right after the publisher's call). */
  busLatencyMs?: number;
}

export class MemoryWorld {
  readonly bus: MemoryBus;
  readonly #rooms = new Map<string, MemoryRoom>();

  constructor(readonly settings: WorldSettings) {
    this.bus = new MemoryBus(settings.busLatencyMs);
  }

  /** The room's data, empty until something is written. */
  room(rid: string): MemoryRoom {
    let room = this.#rooms.get(rid);
    if (!room) {
      room = {
        state: null,
        members: new Map(),
        owner: null,
        host: null,
        hostOnly: false,
        letInOnly: false,
        handed: false,
        banned: new Map(),
        admitted: new Set(),
        knocks: new Map(),
        chat: [],
      };
      this.#rooms.set(rid, room);
    }
    return room;
  }

  /** The members whose node still vouches for them at `now`, in the room's order. */
  liveMembers(room: MemoryRoom, now: number): [string, MemberEntry][] {
    return [...room.members].filter(([, entry]) => now - entry.seenAt <= MEMBER_STALE_MS);
  }

  /** Publishes an event on the room's channel to every node subscribed to it. */
  publish(rid: string, event: RoomBroadcast): void {
    this.bus.publish(rid, event);
  }
}
