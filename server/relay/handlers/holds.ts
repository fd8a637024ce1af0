/**
 * The frames that change a hold: ready (on the hold's position), stall (wait for me) and nowait
 * (go on without me). A change reaches everyone through the bus, a no-op no one.
 * @module
 */
import type { ClientFrame, RoomState } from '../../../shared/protocol';
import type { Connection } from '../connection';
import { failOnError } from '../failure';
import type { RelayContext } from '../relay-context';
import type { Handler } from './handler';

type HoldFrame = Extract<ClientFrame, { type: 'ready' | 'stall' | 'nowait' }>;

/** What a hold frame changes for the member of room `rid` at relay time `now`. */
type HoldChange<F> = (
  ctx: RelayContext,
  connection: Connection,
  frame: F,
  rid: string,
  now: number,
) => Promise<RoomState | null>;

function holdChange<F extends HoldFrame>(event: string, change: HoldChange<F>): Handler<F> {
  return {
    audience: 'joined',
    async handle(ctx, connection, frame) {
      const room = connection.room;
      if (!room) return;
      try {
        const state = await change(ctx, connection, frame, room.rid, ctx.deps.clock.now());
        if (state) ctx.registry.offer(room, state);
      } catch (error) {
        failOnError(ctx, connection, error, event);
      }
    },
  };
}

export const ready = holdChange<Extract<HoldFrame, { type: 'ready' }>>(
  'ready_failed',
  ({ deps }, { memberId }, frame, rid, now) => deps.rooms.ready(rid, memberId, frame.holdId, now),
);

// Under the host-only lock a guest's stall holds no one (nothing goes out): its player waits
// alone and catches up.
export const stall = holdChange<Extract<HoldFrame, { type: 'stall' }>>(
  'stall_failed',
  ({ deps }, { memberId, uid }, _frame, rid, now) => deps.rooms.stall(rid, memberId, uid, now),
);

export const nowait = holdChange<Extract<HoldFrame, { type: 'nowait' }>>(
  'nowait_failed',
  ({ deps }, { memberId }, _frame, rid, now) =>
    deps.rooms.stopWaiting(rid, memberId, memberId, now),
);
