/**
 * Member lists for this node's members. The node keeps its members' entries in the shared list
 * fresh (a node that dies stops doing so, and its members drop out), and sends a `members` frame
 * to a room's local members whenever the list (with its host and host-only lock) reads
 * differently from what they were last sent: at most every `PUSH_GAP_MS`, the newest list, so
 * that a crowd joining, leaving or renaming at once costs a few frames rather than one per change.
 * @module
 */
import type { Log } from '../log';
import type { Clock } from './ports/clock';
import type { MemberDirectory, MemberProfile, RoomRoster } from './ports/members';
import type { Connection } from './connection';
import { KeyedThrottle } from './keyed-throttle';
import { membersFrameTexts } from './members-frames';
import type { LocalRoom } from './room-registry';

/**
 * How often every local room's list is re-written and re-read. Error readings change with every
 * report, so this also bounds how often members frames go out.
 */
const REFRESH_MS = 1000;
/**
 * The refresh runs in this many slices of `REFRESH_MS`, each room in one of them: refreshing
 * every room in the same tick queued hundreds of scripts at once in front of the rooms' controls
 * (a latency spike every second, measured with `npm run bench:relay`).
 */
const REFRESH_SLICES = 10;
/** The shortest time between two members frames to one room's members, and between re-reads. */
export const PUSH_GAP_MS = 250;

type Room = LocalRoom<Connection>;

/** The name of a member who did not give one: stable for its id, short enough to show. */
export function guestName(memberId: string): string {
  return `Guest ${memberId.slice(0, 4).toUpperCase()}`;
}

/** Keeps the member lists of this node's rooms and shows them to its members. */
export class RoomRosters {
  /** The list each room's local members were last sent (or are about to be), serialized. */
  readonly #shown = new WeakMap<Room, string>();
  /** The newest list of each room whose push is waiting for its gap. */
  readonly #unsent = new Map<Room, RoomRoster>();
  readonly #pushes = new KeyedThrottle<Room>(PUSH_GAP_MS, (room) => this.#push(room));
  readonly #refreshes = new KeyedThrottle<Room>(PUSH_GAP_MS, (room) => {
    this.refresh(room).catch((error: unknown) => {
      this.log('members_refresh_failed', { rid: room.rid, error: String(error) });
    });
  });
  /** The refresh slice of each room, dealt out in turn as rooms are first seen. */
  readonly #slices = new WeakMap<Room, number>();
  #nextSlice = 0;
  #slice = 0;
  readonly #timer: ReturnType<typeof setInterval>;

  constructor(
    private readonly store: MemberDirectory,
    rooms: () => Iterable<Room>,
    private readonly clock: Clock,
    private readonly log: Log,
    /** The most members a room admits. */
    private readonly maxMembers: number,
  ) {
    this.#timer = setInterval(() => {
      const slice = this.#slice;
      this.#slice = (slice + 1) % REFRESH_SLICES;
      for (const room of rooms()) {
        if (room.members.size === 0 || this.#sliceOf(room) !== slice) continue;
        this.refresh(room).catch((error: unknown) => {
          this.log('members_refresh_failed', { rid: room.rid, error: String(error) });
        });
      }
    }, REFRESH_MS / REFRESH_SLICES);
  }

  #sliceOf(room: Room): number {
    let slice = this.#slices.get(room);
    if (slice === undefined) {
      slice = this.#nextSlice;
      this.#nextSlice = (slice + 1) % REFRESH_SLICES;
      this.#slices.set(room, slice);
    }
    return slice;
  }

  /**
   * Enters a member in the room's list and returns the list for its welcome, or 'full' when the
   * room has no place for it. Call it before the member is in `room.members`: the others are
   * sent the new list, the member gets the welcome.
   */
  async join(room: Room, memberId: string, profile: MemberProfile): Promise<RoomRoster | 'full'> {
    const roster = await this.store.join(
      room.rid,
      memberId,
      profile,
      this.clock.now(),
      this.maxMembers,
    );
    if (roster !== 'full') this.#show(room, roster);
    return roster;
  }

  /** Re-reads and shows the room's list soon: at once, or folded into the next re-read. */
  requestRefresh(room: Room): void {
    this.#refreshes.request(room);
  }

  /**
   * Stores a member's report. A new status reaches the room at once; a new error reading with the
   * next refresh, so that members reporting every second do not multiply the frames.
   */
  async report(
    room: Room,
    memberId: string,
    profile: MemberProfile,
    statusChanged: boolean,
  ): Promise<void> {
    if (statusChanged) await this.refresh(room);
    else await this.store.write(room.rid, memberId, profile, this.clock.now());
  }

  /** Takes a member who has left out of the room's list and tells the local members left. */
  async leave(room: Room, memberId: string): Promise<void> {
    const removed = this.store.remove(room.rid, memberId);
    // Issued after the removal, so the list read already lacks the member.
    await Promise.all([removed, room.members.size > 0 ? this.refresh(room) : undefined]);
  }

  /** Re-writes the room's local members' entries and sends the list if it changed. */
  async refresh(room: Room): Promise<void> {
    const entries: [string, MemberProfile][] = [];
    for (const member of room.members) {
      if (member.profile) entries.push([member.memberId, member.profile]);
    }
    await this.#sync(room, entries);
  }

  /** Stops refreshing (shutdown). */
  stop(): void {
    clearInterval(this.#timer);
    this.#pushes.stop();
    this.#refreshes.stop();
    this.#unsent.clear();
  }

  async #sync(room: Room, entries: [string, MemberProfile][]): Promise<RoomRoster> {
    const roster = await this.store.sync(room.rid, entries, this.clock.now());
    this.#show(room, roster);
    return roster;
  }

  /** Sends the list if it reads differently from the last one sent (within the push gap). */
  #show(room: Room, roster: RoomRoster): void {
    // One command connection answers in order, so the latest read is always the newest list.
    const serialized = JSON.stringify(roster);
    if (this.#shown.get(room) === serialized) return;
    this.#shown.set(room, serialized);
    this.#unsent.set(room, roster);
    this.#pushes.request(room);
  }

  #push(room: Room): void {
    const roster = this.#unsent.get(room);
    if (!roster) return;
    this.#unsent.delete(room);
    const textFor = membersFrameTexts(roster);
    for (const member of room.members) member.sendText(textFor(member.memberId));
  }
}
