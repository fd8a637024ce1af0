/**
 * A member leaving a room, for whatever reason: its socket closed, or it closed while joining.
 * @module
 */
import type { Room, RelayContext } from './relay-context';

/** A member has gone: out of the room's list, and no longer awaited by its hold. */
export function departed(ctx: RelayContext, room: Room, memberId: string): void {
  const { deps, registry } = ctx;
  const failed = (error: unknown) => {
    deps.log('member_leave_failed', { rid: room.rid, error: String(error) });
  };
  // The list entry goes first, so that a release's start lead no longer counts the member.
  ctx.rosters.leave(room, memberId).then(() => ctx.announcements.request(room.rid), failed);
  deps.rooms.stopWaiting(room.rid, memberId, null, deps.clock.now()).then((state) => {
    if (state) registry.offer(room, state);
  }, failed);
}
