/**
 * Host actions in memory, as the room meta scripts carry them out in Redis.
 * @module
 */
/* eslint-disable @typescript-eslint/require-await -- the ports are async for Redis; memory answers at once. */
import type { HostActionOutcome, RoomHost } from '../ports/room-host';
import type { MemoryWorld } from './memory-world';

export class MemoryRoomHost implements RoomHost {
  constructor(private readonly world: MemoryWorld) {}

  async setHostOnly(rid: string, uid: string, on: boolean): Promise<HostActionOutcome> {
    const room = this.world.room(rid);
    if (room.host !== uid) return 'not_host';
    room.hostOnly = on;
    this.world.publish(rid, { kind: 'roster' });
    return 'done';
  }

  async handHost(
    rid: string,
    uid: string,
    memberId: string,
    now: number,
  ): Promise<HostActionOutcome> {
    const room = this.world.room(rid);
    if (room.host !== uid) return 'not_host';
    const target = this.#live(rid, memberId, now);
    if (!target) return 'no_member';
    if (target.uid === null) return 'no_user';
    room.host = target.uid;
    if (target.uid === room.owner) room.handed = false;
    else if (uid === room.owner) room.handed = true;
    this.world.publish(rid, { kind: 'roster' });
    return 'done';
  }

  /**
   * Keeps the member's user and address out for a while (the other users on that address who
   * are in the room get a pass) and kicks every live member of that user.
   */
  async remove(
    rid: string,
    uid: string,
    memberId: string,
    now: number,
  ): Promise<HostActionOutcome> {
    const room = this.world.room(rid);
    if (room.host !== uid) return 'not_host';
    const target = this.#live(rid, memberId, now);
    if (!target) return 'no_member';
    if (target.uid === uid) return 'self';
    if (target.uid !== null && target.uid === room.owner) return 'owner';
    const until = Math.ceil(now + this.world.settings.removedForMs);
    const kicked = [memberId];
    for (const [id, other] of this.world.liveMembers(room, now)) {
      if (id === memberId) continue;
      if (target.uid !== null && other.uid === target.uid) kicked.push(id);
      else if (target.ip !== null && other.ip === target.ip && other.uid !== null) {
        room.banned.set(`pass:${other.uid}`, until);
      }
    }
    if (target.uid !== null) {
      room.banned.set(target.uid, until);
      room.banned.delete(`pass:${target.uid}`);
    }
    if (target.ip !== null) room.banned.set(`ip:${target.ip}`, until);
    for (const id of kicked) room.members.delete(id);
    this.world.publish(rid, { kind: 'kick', memberIds: kicked });
    return 'done';
  }

  async announceRoster(rid: string): Promise<void> {
    this.world.publish(rid, { kind: 'roster' });
  }

  #live(rid: string, memberId: string, now: number) {
    const room = this.world.room(rid);
    return this.world.liveMembers(room, now).find(([id]) => id === memberId)?.[1] ?? null;
  }
}
