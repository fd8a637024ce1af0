/**
 * "Only people I let in" in memory, as the knock scripts carry it out in Redis.
 * @module
 */
/* eslint-disable @typescript-eslint/require-await -- the ports are async for Redis; memory answers at once. */
import { MAX_KNOCKS } from '../../../shared/protocol';
import type { HostActionOutcome } from '../ports/room-host';
import {
  KNOCK_WAIT_MS,
  type Knock,
  type KnockBoard,
  type KnockEntry,
  type KnockOutcome,
} from '../ports/knocks';
import type { MemoryRoom, MemoryWorld } from './memory-world';

export class MemoryKnocks implements KnockBoard {
  constructor(private readonly world: MemoryWorld) {}

  /** On: the users in the room now are admitted. Off: every waiting joiner is let in. */
  async setLetInOnly(
    rid: string,
    uid: string,
    on: boolean,
    now: number,
  ): Promise<HostActionOutcome> {
    const room = this.world.room(rid);
    if (room.host !== uid) return 'not_host';
    room.letInOnly = on;
    if (on) {
      for (const [, member] of this.world.liveMembers(room, now)) {
        if (member.uid !== null) room.admitted.add(member.uid);
      }
    } else {
      const ids = this.#live(room, now).map(([id]) => id);
      room.knocks.clear();
      if (ids.length > 0) {
        this.world.publish(rid, { kind: 'admit', memberIds: ids, verdict: 'in' });
        this.world.publish(rid, { kind: 'knocks' });
      }
    }
    this.world.publish(rid, { kind: 'roster' });
    return 'done';
  }

  async knock(rid: string, memberId: string, entry: KnockEntry): Promise<KnockOutcome> {
    const room = this.world.room(rid);
    if (!room.letInOnly) return 'open';
    if (this.#live(room, entry.at).length >= MAX_KNOCKS) return 'full';
    room.knocks.set(memberId, entry);
    this.world.publish(rid, { kind: 'knocks' });
    return 'waiting';
  }

  /** In admits the joiner's user; out keeps its user and address out, as a removal does. */
  async answer(
    rid: string,
    uid: string,
    memberId: string,
    letIn: boolean,
    now: number,
  ): Promise<HostActionOutcome> {
    const room = this.world.room(rid);
    if (room.host !== uid) return 'not_host';
    const knock = room.knocks.get(memberId);
    if (!knock) return 'no_member';
    room.knocks.delete(memberId);
    if (letIn && knock.uid !== null) room.admitted.add(knock.uid);
    if (!letIn) {
      const until = Math.ceil(now + this.world.settings.removedForMs);
      if (knock.uid !== null) room.banned.set(knock.uid, until);
      room.banned.set(`ip:${knock.ip}`, until);
      for (const [, member] of this.world.liveMembers(room, now)) {
        if (member.ip === knock.ip && member.uid !== null && member.uid !== knock.uid) {
          room.banned.set(`pass:${member.uid}`, until);
        }
      }
    }
    const verdict = letIn ? 'in' : 'out';
    this.world.publish(rid, { kind: 'admit', memberIds: [memberId], verdict });
    this.world.publish(rid, { kind: 'knocks' });
    return 'done';
  }

  async forget(rid: string, memberId: string): Promise<void> {
    if (this.world.room(rid).knocks.delete(memberId)) this.world.publish(rid, { kind: 'knocks' });
  }

  async waiting(rid: string, now: number): Promise<{ host: string | null; knocks: Knock[] }> {
    const room = this.world.room(rid);
    const live = this.#live(room, now).sort(([a, x], [b, y]) => x.at - y.at || (a < b ? -1 : 1));
    return { host: room.host, knocks: live.map(([id, { name }]) => ({ id, name })) };
  }

  /** The knocks still within their wait; older ones are deleted. */
  #live(room: MemoryRoom, now: number): [string, KnockEntry][] {
    for (const [id, knock] of room.knocks) {
      if (now - knock.at > KNOCK_WAIT_MS) room.knocks.delete(id);
    }
    return [...room.knocks];
  }
}
