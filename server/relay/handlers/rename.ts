/**
 * A member's new nickname.
 * @module
 */
import type { ClientFrame } from '../../../shared/protocol';
import type { Handler } from './handler';

/**
 * Within the member's rename budget (a flood of renames takes effect as its newest, a few
 * seconds later): this node's members see it with the next list, other nodes' members on the
 * event. Both are folded with other changes to the room.
 */
export const rename: Handler<Extract<ClientFrame, { type: 'rename' }>> = {
  audience: 'joined',
  handle(ctx, connection, frame) {
    connection.budget.rename(
      frame.name,
      (newest) => {
        const { room, profile } = connection;
        if (!room || !profile) return;
        profile.name = newest;
        ctx.rosters.requestRefresh(room);
        ctx.announcements.request(room.rid);
      },
      () => connection.phase === 'joined',
    );
  },
};
