/**
 * Every client frame type's handler, and the dispatch that checks the sender may send it.
 * @module
 */
import { CloseCode, type ClientFrame, type ErrorCode } from '../../../shared/protocol';
import type { Connection, Phase } from '../connection';
import type { RelayContext } from '../relay-context';
import { chat, react } from './chat';
import { control } from './control';
import type { Audience, Handler, Handlers } from './handler';
import { hello } from './hello';
import { nowait, ready, stall } from './holds';
import { deny, handHost, hostOnly, letIn, letInOnly, remove } from './host-actions';
import { move } from './move';
import { ping } from './ping';
import { queue } from './queue';
import { rename } from './rename';
import { report } from './report';

export const HANDLERS: Handlers = {
  hello,
  ping,
  control,
  ready,
  stall,
  nowait,
  queue,
  move,
  report,
  chat,
  react,
  rename,
  host_only: hostOnly,
  hand_host: handHost,
  remove,
  let_in_only: letInOnly,
  let_in: letIn,
  deny,
};

/** Why a connection in `phase` may not send a frame for `audience`, or null when it may. */
function misplaced(audience: Audience, phase: Phase): ErrorCode | null {
  switch (audience) {
    case 'greeting':
      return phase === 'greeting' ? null : 'already_joined';
    case 'joined':
      return phase === 'joined' ? null : 'not_joined';
    case 'greeted':
      return phase === 'greeting' ? 'not_joined' : null;
  }
}

/** Hands a frame to its handler, or closes the socket of a member who may not send it yet. */
export function dispatch(
  ctx: RelayContext,
  connection: Connection,
  frame: ClientFrame,
  receivedAt: number,
): void {
  // The map pairs each type with its frame; TypeScript cannot follow that through the index.
  const handler = HANDLERS[frame.type] as Handler<ClientFrame>;
  const refusal = misplaced(handler.audience, connection.phase);
  if (refusal) {
    connection.fail({ code: refusal }, CloseCode.BAD_FRAME);
    return;
  }
  void handler.handle(ctx, connection, frame, receivedAt);
}
