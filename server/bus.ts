/**
 * How a relay node hears about room changes made through any node. The relay core knows only
 * this interface; `redis-bus.ts` implements it.
 * @module
 */
import * as v from 'valibot';
import { RoomStateSchema } from '../shared/protocol';

/** One room change as published by the room store's control script. */
export const RoomBroadcastSchema = v.object({
  state: RoomStateSchema,
  by: v.nullable(v.string()),
});
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

/** Subscription to room changes; writes go through the room store, which publishes them. */
export interface RoomBus {
  /** Sets the one listener; called once, before the first subscribe. */
  listen(listener: RoomBusListener): void;
  /** Resolves once broadcasts for `rid` are being delivered. */
  subscribe(rid: string): Promise<void>;
  unsubscribe(rid: string): Promise<void>;
}
