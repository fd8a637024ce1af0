/**
 * The rooms this node has local members in, each with its latest known state, and the bus
 * subscriptions that follow them.
 * @module
 */
import type { InviteLookupResponse, RoomState, ServerFrame } from '../../shared/protocol';
import type { RoomBus } from './ports/bus';
import type { Log } from '../log';

/** What the registry needs of a member. */
export interface RoomMember {
  send(frame: ServerFrame): void;
}

/** One room as seen from this node. */
export interface LocalRoom<M extends RoomMember> {
  readonly rid: string;
  readonly members: Set<M>;
  /** The newest state this node has seen; null only until the first join reads it. */
  latest: RoomState | null;
  /** Members plus joins in progress; the subscription lasts while this is above zero. */
  holds: number;
  readonly subscribed: Promise<void>;
  linger: ReturnType<typeof setTimeout> | undefined;
  /**
   * What the room's invite key opens, as last looked up for a `queue` frame; null until then and
   * after the playlist changed (a `playlist` event) or the bus reconnected.
   */
  target: Promise<InviteLookupResponse | null> | null;
}

/** Local rooms keyed by room id. */
export class RoomRegistry<M extends RoomMember> {
  readonly #rooms = new Map<string, LocalRoom<M>>();

  constructor(
    private readonly bus: RoomBus,
    private readonly lingerMs: number,
    private readonly log: Log,
    /** Told whenever a room's latest state moves on. */
    private readonly changed: (room: LocalRoom<M>) => void,
  ) {}

  /** Holds `rid` and resolves once its broadcasts reach this node; pair with `release`. */
  async acquire(rid: string): Promise<LocalRoom<M>> {
    let room = this.#rooms.get(rid);
    if (!room) {
      room = {
        rid,
        members: new Set(),
        latest: null,
        holds: 0,
        subscribed: this.bus.subscribe(rid),
        linger: undefined,
        target: null,
      };
      this.#rooms.set(rid, room);
      this.log('room_subscribed', { rid });
    }
    room.holds++;
    clearTimeout(room.linger);
    try {
      await room.subscribed;
    } catch (error) {
      room.holds--;
      // Forget the failed subscription so the next join tries again.
      if (this.#rooms.get(rid) === room) this.#rooms.delete(rid);
      throw error;
    }
    return room;
  }

  /**
   * Drops one hold. The subscription outlives the last member by `lingerMs`, so a member who
   * reloads the page does not make the node unsubscribe and resubscribe.
   */
  release(room: LocalRoom<M>): void {
    room.holds--;
    // A room dropped by `clear` (shutdown) has nothing left to unsubscribe.
    if (room.holds > 0 || this.#rooms.get(room.rid) !== room) return;
    clearTimeout(room.linger);
    room.linger = setTimeout(() => {
      if (room.holds > 0) return;
      this.#rooms.delete(room.rid);
      this.log('room_unsubscribed', { rid: room.rid });
      this.bus.unsubscribe(room.rid).catch((error: unknown) => {
        this.log('room_unsubscribe_failed', { rid: room.rid, error: String(error) });
      });
    }, this.lingerMs);
  }

  /** Records `state` if it is newer than what the room knows. */
  offer(room: LocalRoom<M>, state: RoomState): void {
    if (room.latest && state.rev <= room.latest.rev) return;
    room.latest = state;
    this.changed(room);
  }

  /** Delivers a room change to every local member of `rid`. */
  broadcast(rid: string, state: RoomState, by: string | null): void {
    const room = this.#rooms.get(rid);
    if (!room) return;
    this.offer(room, state);
    for (const member of room.members) member.send({ type: 'state', state, by });
  }

  /** The local room of `rid`, if this node has one. */
  get(rid: string): LocalRoom<M> | undefined {
    return this.#rooms.get(rid);
  }

  /** Every room with local members or joins in progress. */
  rooms(): IterableIterator<LocalRoom<M>> {
    return this.#rooms.values();
  }

  /** Unsubscribes from everything at once (shutdown). */
  async clear(): Promise<void> {
    const rooms = [...this.#rooms.values()];
    this.#rooms.clear();
    for (const room of rooms) clearTimeout(room.linger);
    await Promise.allSettled(rooms.map((room) => this.bus.unsubscribe(room.rid)));
  }
}
