/**
 * How a relay node hears about room events made through any node. The relay core knows only
 * this interface; `redis-bus.ts` implements it.
 * @module
 */
import * as v from 'valibot';
import {
  ChatMessageSchema,
  MemberIdSchema,
  NicknameSchema,
  ReactionSchema,
  RoomStateSchema,
} from '../../../shared/protocol';

/**
 * One event on a room's channel:
 * - `state`: a timeline change, published by the room store's scripts;
 * - `message`: a chat message, stored before it was published;
 * - `reaction`: a reaction (not stored);
 * - `kick`: the host removed these members; the nodes holding their sockets close them;
 * - `roster`: the member list, the host or the host-only lock changed: re-read and show it now;
 * - `playlist`: the playlist behind the room's invite key changed: drop any copy of its queue;
 * - `knocks`: the list of joiners waiting for the host changed: the host's nodes show it;
 * - `admit`: the host let these joiners in (`in`) or turned them away (`out`).
 */
export const RoomBroadcastSchema = v.variant('kind', [
  v.object({ kind: v.literal('state'), state: RoomStateSchema, by: v.nullable(v.string()) }),
  v.object({ kind: v.literal('message'), message: ChatMessageSchema }),
  v.object({
    kind: v.literal('reaction'),
    memberId: MemberIdSchema,
    name: NicknameSchema,
    emoji: ReactionSchema,
  }),
  v.object({ kind: v.literal('kick'), memberIds: v.array(MemberIdSchema) }),
  v.object({ kind: v.literal('roster') }),
  v.object({ kind: v.literal('playlist') }),
  v.object({ kind: v.literal('knocks') }),
  v.object({
    kind: v.literal('admit'),
    memberIds: v.array(MemberIdSchema),
    verdict: v.picklist(['in', 'out']),
  }),
]);
export type RoomBroadcast = v.InferOutput<typeof RoomBroadcastSchema>;

/** Receives what the bus delivers. */
export interface RoomBusListener {
  broadcast(rid: string, message: RoomBroadcast): void;
  /**
   * The bus lost its connection and has it back. Messages sent meanwhile are gone (pub/sub is
   * at-most-once), so the listener must re-read whatever it cares about.
   */
  reconnected(): void;
}

/** Subscription to room events; writes go through the stores, which publish them. */
export interface RoomBus {
  /** Sets the one listener; called once, before the first subscribe. */
  listen(listener: RoomBusListener): void;
  /** Resolves once broadcasts for `rid` are being delivered. */
  subscribe(rid: string): Promise<void>;
  unsubscribe(rid: string): Promise<void>;
}
