/**
 * Room channels in memory: each relay built on a world gets its own `RoomBus` on it, as each
 * node has its own subscriber connection; events reach the nodes subscribed to the room, in
 * order, after the publisher's call returns (as pub/sub does), or `latencyMs` later.
 * @module
 */
/* eslint-disable @typescript-eslint/require-await -- the ports are async for Redis; memory answers at once. */
import type { RoomBroadcast, RoomBus, RoomBusListener } from '../ports/bus';

interface Node {
  listener: RoomBusListener | null;
  readonly rooms: Set<string>;
}

export class MemoryBus {
  readonly #nodes = new Set<Node>();

  constructor(private readonly latencyMs = 0) {}

  /** A new node's bus. */
  connect(): RoomBus {
    const node: Node = { listener: null, rooms: new Set() };
    this.#nodes.add(node);
    return {
      listen(listener) {
        node.listener = listener;
      },
      async subscribe(rid) {
        node.rooms.add(rid);
      },
      async unsubscribe(rid) {
        node.rooms.delete(rid);
      },
    };
  }

  publish(rid: string, event: RoomBroadcast): void {
    // A copy for each node, as each decodes its own message.
    const text = JSON.stringify(event);
    for (const node of this.#nodes) {
      if (!node.rooms.has(rid)) continue;
      const deliver = () => node.listener?.broadcast(rid, JSON.parse(text) as RoomBroadcast);
      if (this.latencyMs > 0) setTimeout(deliver, this.latencyMs);
      else queueMicrotask(deliver);
    }
  }
}
