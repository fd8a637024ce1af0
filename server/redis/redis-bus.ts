/**
 * The room bus on Redis pub/sub: one subscriber connection per node, one channel per room.
 * @module
 */
import type { Redis } from 'ioredis';
import { parseFrame } from '../../shared/protocol';
import { RoomBroadcastSchema, type RoomBus, type RoomBusListener } from '../relay/ports/bus';
import type { Log } from '../log';
import type { RedisKeys } from './keys';

/** A `RoomBus` over `subscriber`, which must be a connection dedicated to pub/sub. */
export function createRedisBus(subscriber: Redis, keys: RedisKeys, log: Log): RoomBus {
  const ridByChannel = new Map<string, string>();
  let listener: RoomBusListener | null = null;
  let wasReady = subscriber.status === 'ready';

  subscriber.on('message', (channel: string, text: string) => {
    const rid = ridByChannel.get(channel);
    if (rid === undefined || !listener) return;
    const parsed = parseFrame(RoomBroadcastSchema, text);
    if (!parsed.ok) {
      log('bus_message_invalid', { rid, error: parsed.error });
      return;
    }
    listener.broadcast(rid, parsed.value);
  });
  // ioredis resubscribes by itself on reconnect; what it cannot restore is what was published
  // while the link was down.
  subscriber.on('ready', () => {
    if (wasReady) listener?.reconnected();
    wasReady = true;
  });

  return {
    listen(next) {
      listener = next;
    },
    async subscribe(rid) {
      const channel = keys.roomChannel(rid);
      ridByChannel.set(channel, rid);
      await subscriber.subscribe(channel);
    },
    async unsubscribe(rid) {
      const channel = keys.roomChannel(rid);
      ridByChannel.delete(channel);
      await subscriber.unsubscribe(channel);
    },
  };
}
