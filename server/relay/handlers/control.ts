/**
 * Playback controls, and the answer to one the host-only lock refuses.
 * @module
 */
import type { ControlFrame, RoomState } from '../../../shared/protocol';
import type { Connection } from '../connection';
import { failOnError } from '../failure';
import type { Handler } from './handler';

/** Answers a playback change the host-only lock refused: the room as it is, and why. */
export function refuseForHostOnly(connection: Connection, state: RoomState): void {
  connection.send({ type: 'state', state, by: null });
  connection.refuse({ code: 'host_only' });
}

export const control: Handler<ControlFrame> = {
  audience: 'joined',
  async handle(ctx, connection, frame) {
    const delivery = ctx.deps.metrics.controlDelivery.received();
    const room = connection.room;
    if (!room) return;
    try {
      const result = await ctx.deps.rooms.applyControl(
        room.rid,
        frame,
        ctx.deps.clock.now(),
        connection.memberId,
        connection.uid,
      );
      ctx.registry.offer(room, result.state);
      if (result.outcome === 'applied') delivery.applied(room.rid, result.state.rev);
      // Applied changes reach everyone, the sender included, through the bus; a stale one (or a
      // play during a hold, or one the host-only lock refuses) is answered to its sender alone so
      // that its player snaps back.
      if (result.outcome === 'host_only') refuseForHostOnly(connection, result.state);
      else if (result.outcome === 'stale') {
        connection.send({ type: 'state', state: result.state, by: null });
      }
    } catch (error) {
      failOnError(ctx, connection, error, 'control_failed');
    }
  },
};
