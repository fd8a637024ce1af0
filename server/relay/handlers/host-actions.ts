/**
 * The host's actions: the host-only lock, handing host on, removing a member, and "Only people I
 * let in" with its answers. The store checks atomically that the member's user is the host; a
 * member without a user never is.
 * @module
 */
import type { ClientFrame, ErrorCode } from '../../../shared/protocol';
import { failOnError } from '../failure';
import type { HostActionOutcome } from '../ports/room-host';
import type { RelayContext } from '../relay-context';
import type { Handler } from './handler';

type HostFrame = Extract<
  ClientFrame,
  { type: 'host_only' | 'hand_host' | 'remove' | 'let_in_only' | 'let_in' | 'deny' }
>;

/** The refusal each outcome but `done` is answered with. */
const REFUSALS: Record<Exclude<HostActionOutcome, 'done'>, ErrorCode> = {
  not_host: 'host_only',
  no_member: 'no_member',
  no_user: 'no_identity',
  self: 'cannot_remove_self',
  owner: 'cannot_remove_owner',
};

type HostAct<F> = (
  ctx: RelayContext,
  rid: string,
  uid: string,
  frame: F,
  now: number,
) => Promise<HostActionOutcome>;

/**
 * A host action's handler. A change reaches every node as an event; this node's members also get
 * the new list at once.
 */
function hostAction<F extends HostFrame>(act: HostAct<F>): Handler<F> {
  return {
    audience: 'joined',
    async handle(ctx, connection, frame) {
      const { room, uid } = connection;
      if (!room) return;
      try {
        const outcome =
          uid === null ? 'not_host' : await act(ctx, room.rid, uid, frame, ctx.deps.clock.now());
        if (outcome === 'done') await ctx.rosters.refresh(room);
        else connection.refuse({ code: REFUSALS[outcome] });
      } catch (error) {
        failOnError(ctx, connection, error, `${frame.type}_failed`);
      }
    },
  };
}

type Frame<K extends HostFrame['type']> = Extract<HostFrame, { type: K }>;

export const hostOnly = hostAction<Frame<'host_only'>>(({ deps }, rid, uid, frame) =>
  deps.meta.setHostOnly(rid, uid, frame.on),
);
export const handHost = hostAction<Frame<'hand_host'>>(({ deps }, rid, uid, frame, now) =>
  deps.meta.handHost(rid, uid, frame.memberId, now),
);
export const remove = hostAction<Frame<'remove'>>(({ deps }, rid, uid, frame, now) =>
  deps.meta.remove(rid, uid, frame.memberId, now),
);
export const letInOnly = hostAction<Frame<'let_in_only'>>(({ deps }, rid, uid, frame, now) =>
  deps.knocks.setLetInOnly(rid, uid, frame.on, now),
);
export const letIn = hostAction<Frame<'let_in'>>(({ deps }, rid, uid, frame, now) =>
  deps.knocks.answer(rid, uid, frame.memberId, true, now),
);
export const deny = hostAction<Frame<'deny'>>(({ deps }, rid, uid, frame, now) =>
  deps.knocks.answer(rid, uid, frame.memberId, false, now),
);
