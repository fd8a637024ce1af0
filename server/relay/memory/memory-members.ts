/**
 * Member lists in memory, as SYNC_MEMBERS keeps them in Redis: entries go stale when their node
 * stops writing them, and the host and owner always get into a full room.
 * @module
 */
/* eslint-disable @typescript-eslint/require-await -- the ports are async for Redis; memory answers at once. */
import type { MemberInfo } from '../../../shared/protocol';
import type { MemberDirectory, MemberProfile, RoomRoster } from '../ports/members';
import type { MemoryRoom, MemoryWorld } from './memory-world';

export class MemoryMembers implements MemberDirectory {
  constructor(private readonly world: MemoryWorld) {}

  async sync(
    rid: string,
    members: readonly (readonly [string, MemberProfile])[],
    now: number,
  ): Promise<RoomRoster> {
    const room = this.world.room(rid);
    for (const [id, profile] of members) room.members.set(id, { ...profile, seenAt: now });
    return this.#roster(room, now);
  }

  async join(
    rid: string,
    id: string,
    profile: MemberProfile,
    now: number,
    cap: number,
  ): Promise<RoomRoster | 'full'> {
    const room = this.world.room(rid);
    const { uid } = profile;
    const privileged = uid !== null && (uid === room.host || uid === room.owner);
    const others = this.world.liveMembers(room, now).filter(([other]) => other !== id);
    if (cap > 0 && !privileged && others.length >= cap) return 'full';
    return this.sync(rid, [[id, profile]], now);
  }

  async write(rid: string, id: string, profile: MemberProfile, now: number): Promise<void> {
    this.world.room(rid).members.set(id, { ...profile, seenAt: now });
  }

  async remove(rid: string, id: string): Promise<void> {
    this.world.room(rid).members.delete(id);
  }

  /** Everyone live, sorted by name, with the host marked; stale entries are deleted. */
  #roster(room: MemoryRoom, now: number): RoomRoster {
    const live = this.world.liveMembers(room, now);
    for (const id of room.members.keys()) {
      if (!live.some(([liveId]) => liveId === id)) room.members.delete(id);
    }
    const members: MemberInfo[] = live.map(([id, { name, status, error, uid }]) => ({
      id,
      name,
      host: uid !== null && uid === room.host,
      status,
      error: error === null ? null : Math.round(error * 1000) / 1000,
    }));
    members.sort((a, b) => a.name.localeCompare(b.name) || (a.id < b.id ? -1 : 1));
    return {
      members,
      hostOnly: room.hostOnly && members.some((member) => member.host),
      letInOnly: room.letInOnly,
    };
  }
}
