/**
 * Rooms that play one video: moving the room to another video (Play next together).
 * @module
 */
import type { MoveFrame } from '../../../shared/protocol';
import { failOnError } from '../failure';
import { refuseForHostOnly } from './control';
import type { Handler } from './handler';

/**
 * Moves the room from the video the member saw it on to the one it asked for. A move made from
 * a video the room has already left (someone else's got in first) or in a playlist room (its
 * queue moves it) changes nothing and needs no answer: the member hears of the room as it is.
 */
export const move: Handler<MoveFrame> = {
  audience: 'joined',
  async handle(ctx, connection, frame) {
    const { room } = connection;
    if (!room) return;
    try {
      const result = await ctx.deps.rooms.moveVideo(
        room.rid,
        { from: frame.from, to: frame.to, title: frame.title },
        connection.memberId,
        connection.uid,
        ctx.deps.clock.now(),
      );
      if (result.outcome === 'host_only') refuseForHostOnly(connection, result.state);
      else if (result.state) ctx.registry.offer(room, result.state);
    } catch (error) {
      failOnError(ctx, connection, error, 'move_failed');
    }
  },
};
