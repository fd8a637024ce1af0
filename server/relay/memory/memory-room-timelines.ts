/**
 * Room timelines in memory, on the pure room timeline (`shared/room-timeline.ts`, the definition
 * of the rules the Lua scripts carry out in Redis). What is not the timeline's business, the join
 * (bans, who becomes host, the knock gate), follows ENSURE_ROOM.
 * @module
 */
/* eslint-disable @typescript-eslint/require-await -- the ports are async for Redis; memory answers at once. */
import type { PlayerSnapshot, RoomState } from '../../../shared/protocol';
import {
  applyCommand,
  createRoomState,
  type RoomCommand,
  type RoomContext,
  type TimelineResult,
} from '../../../shared/room-timeline';
import type {
  ControlChange,
  ControlResult,
  EnsureResult,
  Joiner,
  RoomTimelineStore,
  SelectResult,
  VideoMove,
} from '../ports/room-timeline';
import type { MemoryRoom, MemoryWorld } from './memory-world';

export class MemoryRoomTimelines implements RoomTimelineStore {
  constructor(private readonly world: MemoryWorld) {}

  async ensure(
    rid: string,
    videoId: string,
    item: number | null,
    initial: PlayerSnapshot | undefined,
    at: number,
    { uid, owner, ip }: Joiner,
  ): Promise<EnsureResult> {
    const room = this.world.room(rid);
    const banUntil = (field: string): number | null => {
      const until = room.banned.get(field);
      if (until === undefined) return null;
      if (until > at) return until;
      room.banned.delete(field);
      return null;
    };
    if (uid !== owner) {
      const userBan = uid === null ? null : banUntil(uid);
      if (userBan !== null) return { outcome: 'removed', by: 'user', until: userBan };
      const pass = uid !== null && banUntil(`pass:${uid}`) !== null;
      const addressBan = ip === '' || pass ? null : banUntil(`ip:${ip}`);
      if (addressBan !== null) return { outcome: 'removed', by: 'address', until: addressBan };
    }
    room.state ??= createRoomState(videoId, item, initial, at);
    room.owner = owner;
    if (uid === owner) {
      const handedHere =
        room.host !== null &&
        room.host !== owner &&
        room.handed &&
        this.world.liveMembers(room, at).some(([, entry]) => entry.uid === room.host);
      if (!handedHere) {
        room.host = owner;
        room.handed = false;
      }
    } else if (uid !== null) {
      room.host ??= uid;
    }
    const mustKnock =
      room.letInOnly &&
      uid !== owner &&
      (uid === null || (uid !== room.host && !room.admitted.has(uid)));
    if (mustKnock) return { outcome: 'knock' };
    return { outcome: 'joined', state: room.state };
  }

  async read(rid: string): Promise<RoomState | null> {
    return this.world.room(rid).state;
  }

  async applyControl(
    rid: string,
    change: ControlChange,
    now: number,
    memberId: string,
    uid: string | null,
  ): Promise<ControlResult> {
    const { baseRev, action, position, rate } = change;
    const command = { kind: 'control', baseRev, action, position, rate, memberId, uid } as const;
    const { current, result } = this.#apply(rid, command, now);
    if (result.ok) return { outcome: 'applied', state: result.state };
    return { outcome: result.reason === 'host_only' ? 'host_only' : 'stale', state: current };
  }

  async ready(rid: string, memberId: string, holdId: number, now: number) {
    return this.#changed(rid, { kind: 'ready', memberId, holdId }, now);
  }

  async stopWaiting(rid: string, memberId: string, by: string | null, now: number) {
    return this.#changed(
      rid,
      by === null ? { kind: 'gone', memberId } : { kind: 'nowait', memberId },
      now,
    );
  }

  async stall(rid: string, memberId: string, uid: string | null, now: number) {
    return this.#changed(rid, { kind: 'stall', memberId, uid }, now);
  }

  async expireHold(rid: string, holdId: number, now: number) {
    return this.#changed(rid, { kind: 'expire', holdId }, now);
  }

  async selectItem(
    rid: string,
    move: { from: number; to: number; videoId: string },
    memberId: string,
    uid: string | null,
    now: number,
  ): Promise<SelectResult> {
    return this.#moved(rid, { kind: 'select', ...move, memberId, uid }, now);
  }

  async moveVideo(
    rid: string,
    { from, to, title }: VideoMove,
    memberId: string,
    uid: string | null,
    now: number,
  ): Promise<SelectResult> {
    return this.#moved(rid, { kind: 'move', from, videoId: to, title, memberId, uid }, now);
  }

  #moved(rid: string, command: RoomCommand, now: number): SelectResult {
    const { current, result } = this.#apply(rid, command, now);
    if (result.ok) return { outcome: 'applied', state: result.state };
    if (result.reason === 'host_only') return { outcome: 'host_only', state: current };
    return { outcome: 'unchanged', state: null };
  }

  async #changed(rid: string, command: RoomCommand, now: number): Promise<RoomState | null> {
    if (!this.world.room(rid).state) return null;
    const { result } = this.#apply(rid, command, now);
    return result.ok ? result.state : null;
  }

  /** Runs a command on the room's state; a change is stored and published. */
  #apply(
    rid: string,
    command: RoomCommand,
    now: number,
  ): { current: RoomState; result: TimelineResult } {
    const room = this.world.room(rid);
    const current = room.state;
    if (!current) throw new Error(`room ${rid} has no state`);
    const result = applyCommand(current, command, this.#context(room, now));
    if (result.ok) {
      room.state = result.state;
      this.world.publish(rid, { kind: 'state', state: result.state, by: result.by });
    }
    return { current, result };
  }

  #context(room: MemoryRoom, now: number): RoomContext {
    return {
      now,
      members: this.world
        .liveMembers(room, now)
        .map(([id, entry]) => ({ id, uid: entry.uid, rtt: entry.rtt })),
      host: room.host,
      hostOnly: room.hostOnly,
      caps: this.world.settings.caps,
    };
  }
}
