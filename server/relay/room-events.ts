/**
 * What this node does with each event on a room's channel (`RoomBroadcast`), one handler per
 * kind: deliver it to the room's local members, or re-read what it says has changed.
 * @module
 */
import { CloseCode } from '../../shared/protocol';
import type { RoomBroadcast } from './ports/bus';
import type { RelayContext } from './relay-context';

type EventHandlers = {
  [K in RoomBroadcast['kind']]: (
    ctx: RelayContext,
    rid: string,
    event: Extract<RoomBroadcast, { kind: K }>,
  ) => void;
};

const EVENT_HANDLERS: EventHandlers = {
  state: ({ deps, registry }, rid, { state, by }) => {
    registry.broadcast(rid, state, by);
    deps.metrics.controlDelivery.delivered(rid, state.rev);
  },
  message: ({ registry }, rid, { message }) => {
    for (const member of registry.get(rid)?.members ?? [])
      member.send({ type: 'message', message });
  },
  reaction: ({ registry }, rid, { memberId, name, emoji }) => {
    for (const member of registry.get(rid)?.members ?? []) {
      member.send({ type: 'reaction', memberId, name, emoji });
    }
  },
  kick: ({ registry }, rid, { memberIds }) => {
    for (const member of registry.get(rid)?.members ?? []) {
      if (memberIds.includes(member.memberId)) {
        member.fail({ code: 'removed', by: 'user' }, CloseCode.REMOVED);
      }
    }
  },
  roster: ({ registry, rosters, knocks }, rid) => {
    const room = registry.get(rid);
    if (!room) return;
    if (room.members.size > 0) rosters.requestRefresh(room);
    knocks.refresh(room, false);
  },
  knocks: ({ registry, knocks }, rid) => {
    const room = registry.get(rid);
    if (room) knocks.refresh(room, true);
  },
  admit: ({ registry, knocks }, rid, { memberIds, verdict }) => {
    if (registry.get(rid)) knocks.answered(memberIds, verdict);
  },
  playlist: ({ registry }, rid) => {
    const room = registry.get(rid);
    if (room) room.target = null;
  },
};

/** Delivers an event from the room's channel to this node's members of the room. */
export function onRoomEvent(ctx: RelayContext, rid: string, event: RoomBroadcast): void {
  const handle = EVENT_HANDLERS[event.kind] as (
    ctx: RelayContext,
    rid: string,
    event: RoomBroadcast,
  ) => void;
  handle(ctx, rid, event);
}
