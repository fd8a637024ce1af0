/**
 * Random rooms for the room timeline's differential test: members coming, going, going stale and
 * reporting round trips, the host changing and locking the room, the clock moving, and the
 * commands members send, generated from a seed so a failure replays.
 * @module
 */
import type { PlayerSnapshot, RoomState } from '../../../shared/protocol';
import {
  MAX_HOLD_WAITING,
  MAX_POSITION,
  MAX_RATE,
  MIN_RATE,
  type HoldCaps,
  type RoomCommand,
} from '../../../shared/room-timeline';
import { MEMBER_STALE_MS } from '../../../server/relay/ports/members';
import type { SeededRandom } from '../../support/seeded-random';

/** What one member of the room looks like in the members hash. */
export interface WorldMember {
  id: string;
  uid: string | null;
  rtt: number | null;
  seenAt: number;
  /** Its node died: nobody refreshes its entry any more. */
  orphaned: boolean;
}

/** A change to the room around the timeline, applied to Redis before the next command. */
export type WorldChange =
  | { kind: 'members'; members: WorldMember[] }
  | { kind: 'leave'; id: string }
  | { kind: 'garbage'; id: string }
  | { kind: 'host'; host: string | null }
  | { kind: 'hostOnly'; on: boolean };

/** How a room starts: its video, queue entry, the creator's player, the hold caps and the clock. */
export interface RoomStart {
  videoId: string;
  item: number | null;
  initial: PlayerSnapshot | undefined;
  caps: HoldCaps;
  now: number;
  members: WorldMember[];
  host: string | null;
  hostOnly: boolean;
}

/**
 * Titles as frames carry them (trimmed, 1 to 200 characters), with what JSON and Lua's string
 * handling must get right: quotes, backslashes, slashes, control characters, multi-byte text.
 */
const TITLES = [
  'Sync Test Pattern B',
  'Tags <b>stay</b> "text" \\ / \\u0041',
  'line\nbreak\ttab\u0001\u001f\u007f end',
  'Café — 東京 🎬 \u2028 نص',
  'x',
  '9'.repeat(200),
  '👨‍👩‍👧‍👦'.repeat(18),
];

const YOUTUBE_ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_-';

/** Generates the rooms and the steps of one sequence. */
export class RoomWorld {
  readonly members = new Map<string, WorldMember>();
  /** Users that are not in the room: a host who left, a sender whose uid is someone else's. */
  readonly #strangers = ['ustranger1', 'ustranger2'];
  #nextMember = 0;
  now: number;

  constructor(private readonly r: SeededRandom) {
    this.now = r.int(1, 2 ** 40);
  }

  /** A new room: mostly a few members, sometimes more than one hold awaits. */
  start(): RoomStart {
    const r = this.r;
    const count = r.chance(0.05) ? r.int(MAX_HOLD_WAITING, MAX_HOLD_WAITING + 8) : r.int(1, 5);
    for (let i = 0; i < count; i++) this.#add();
    const users = this.#uids();
    return {
      videoId: this.videoId(),
      item: r.chance(0.5) ? r.int(0, 199) : null,
      initial: r.chance(0.3)
        ? undefined
        : { playing: r.chance(0.6), position: this.position(), rate: this.rate() },
      caps: {
        seekHoldCapMs: r.int(10, 6000),
        stallHoldCapMs: r.int(10, 16_000),
        loadHoldCapMs: r.int(10, 11_000),
      },
      now: this.now,
      members: [...this.members.values()],
      host: r.chance(0.8) && users.length > 0 ? r.pick(users) : null,
      hostOnly: r.chance(0.4),
    };
  }

  /**
   * Changes to the room before the next command: the entries nodes refresh (once a second), and
   * now and then someone arriving, leaving, losing its node or reporting a round trip, or the
   * host changing or locking the room.
   */
  changes(): WorldChange[] {
    const r = this.r;
    const refreshed = [...this.members.values()].filter(
      (member) => !member.orphaned && this.now - member.seenAt >= 1000,
    );
    for (const member of refreshed) member.seenAt = this.now;
    const changes: WorldChange[] = [];
    if (refreshed.length > 0)
      changes.push({ kind: 'members', members: refreshed.map((m) => ({ ...m })) });
    while (r.chance(0.2)) {
      const roll = r.next();
      const member = this.members.size > 0 ? r.pick([...this.members.values()]) : null;
      if (roll < 0.15) {
        changes.push({ kind: 'members', members: [this.#add()] });
      } else if (roll < 0.25 && member) {
        this.members.delete(member.id);
        changes.push({ kind: 'leave', id: member.id });
      } else if (roll < 0.45 && member) {
        member.rtt = this.#rtt();
        changes.push({ kind: 'members', members: [{ ...member }] });
      } else if (roll < 0.65 && member) {
        // Its node dies (or comes back), leaving the entry fresh, stale, or right on the edge.
        member.orphaned = r.chance(0.8);
        member.seenAt = r.pick([
          this.now,
          this.now - MEMBER_STALE_MS,
          this.now - MEMBER_STALE_MS - 1,
          this.now - r.int(0, 3 * MEMBER_STALE_MS),
          this.now + r.int(0, 1000),
        ]);
        changes.push({ kind: 'members', members: [{ ...member }] });
      } else if (roll < 0.7) {
        changes.push({ kind: 'garbage', id: this.#memberId() });
      } else if (roll < 0.85) {
        const users = this.#uids();
        const host = r.chance(0.1) ? null : r.pick([...users, ...this.#strangers]);
        changes.push({ kind: 'host', host });
      } else {
        changes.push({ kind: 'hostOnly', on: r.chance(0.5) });
      }
    }
    return changes;
  }

  /** Moves the clock: not at all, a little, past a deadline, or right onto one. */
  tick(state: RoomState): void {
    const r = this.r;
    const roll = r.next();
    if (state.hold && roll < 0.1) {
      this.now = Math.max(this.now, state.hold.deadline - r.int(0, 1));
    } else if (roll < 0.3) {
      // Unchanged: several commands in the same millisecond.
    } else if (roll < 0.75) {
      this.now += r.int(1, 400);
    } else if (roll < 0.95) {
      this.now += r.int(400, 6000);
    } else {
      this.now += r.int(6000, 3 * MEMBER_STALE_MS);
    }
  }

  /** The next command, aimed mostly at what the room is doing. */
  command(state: RoomState): RoomCommand {
    const r = this.r;
    const roll = r.next();
    const sender = this.#sender(state);
    if (roll < 0.35) {
      const baseRev = r.chance(0.75)
        ? state.rev
        : r.pick([state.rev - 1, state.rev + 1, r.int(0, state.rev + 3)]);
      return {
        kind: 'control',
        ...sender,
        baseRev,
        action: r.pick(['play', 'pause', 'seek', 'rate'] as const),
        position: this.position(),
        rate: this.rate(),
      };
    }
    if (roll < 0.5)
      return { kind: 'ready', memberId: sender.memberId, holdId: this.#holdId(state) };
    if (roll < 0.57) return { kind: 'nowait', memberId: sender.memberId };
    if (roll < 0.62) return { kind: 'gone', memberId: sender.memberId };
    if (roll < 0.77) return { kind: 'stall', ...sender };
    if (roll < 0.87) return { kind: 'expire', holdId: this.#holdId(state) };
    if (roll < 0.94) {
      const from = state.item !== null && r.chance(0.75) ? state.item : r.int(0, 199);
      return { kind: 'select', ...sender, from, to: r.int(0, 199), videoId: this.videoId() };
    }
    const from = r.chance(0.75) ? state.videoId : this.videoId();
    return { kind: 'move', ...sender, from, videoId: this.videoId(), title: r.pick(TITLES) };
  }

  /** A position as frames carry them: round, fractional, at the ends of the range. */
  position(): number {
    const r = this.r;
    return r.pick([
      0,
      r.int(0, 3600),
      r.next() * 5000,
      MAX_POSITION,
      MAX_POSITION - r.next() * 5,
      r.next() * MAX_POSITION,
    ]);
  }

  rate(): number {
    const r = this.r;
    return r.pick([MIN_RATE, 0.5, 1, 1.25, MAX_RATE, MIN_RATE + r.next() * (MAX_RATE - MIN_RATE)]);
  }

  videoId(): string {
    let id = '';
    for (let i = 0; i < 11; i++) id += this.r.pick([...YOUTUBE_ALPHABET]);
    return id;
  }

  /** A member of the room, one the hold awaits, or someone unknown, with its user or another's. */
  #sender(state: RoomState): { memberId: string; uid: string | null } {
    const r = this.r;
    const members = [...this.members.values()];
    const waiting = state.hold?.waitingFor ?? [];
    const left = members.filter((member) => !waiting.includes(member.id));
    let memberId: string;
    if (waiting.length >= MAX_HOLD_WAITING && left.length > 0 && r.chance(0.5)) {
      // A full hold: someone it could not take.
      memberId = r.pick(left).id;
    } else if (waiting.length > 0 && r.chance(0.4)) memberId = r.pick(waiting);
    else if (members.length > 0 && r.chance(0.9)) memberId = r.pick(members).id;
    else memberId = this.#memberId();
    const own = this.members.get(memberId)?.uid ?? null;
    const uid = r.chance(0.9) ? own : r.pick([null, ...this.#strangers, ...this.#uids()]);
    return { memberId, uid };
  }

  #holdId(state: RoomState): number {
    const r = this.r;
    return state.hold && r.chance(0.85) ? state.hold.id : r.int(1, state.rev + 2);
  }

  #add(): WorldMember {
    const r = this.r;
    const users = this.#uids();
    // Some users have two tabs in the room; some members have no user at all.
    const uid = r.chance(0.2)
      ? null
      : r.chance(0.2) && users.length > 0
        ? r.pick(users)
        : `u${r.int(1, 1e9).toString(16)}`;
    const member = {
      id: this.#memberId(),
      uid,
      rtt: this.#rtt(),
      seenAt: this.now - r.int(0, 999),
      orphaned: false,
    };
    this.members.set(member.id, member);
    return member;
  }

  #rtt(): number | null {
    const r = this.r;
    return r.pick([null, r.int(0, 60), r.int(60, 700), r.next() * 300]);
  }

  #memberId(): string {
    // Hex, as the relay issues them, and never the same twice.
    this.#nextMember += 1;
    const serial = this.#nextMember.toString(16).padStart(4, '0');
    return `${serial}${this.r.int(0, 0xffff).toString(16).padStart(4, '0')}`;
  }

  #uids(): string[] {
    const uids = new Set<string>();
    for (const member of this.members.values()) if (member.uid !== null) uids.add(member.uid);
    return [...uids];
  }
}
