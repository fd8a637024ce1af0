/**
 * The heartbeat: reaps sockets that missed a pong, pings the rest, tells waiting joiners they
 * still wait, and re-sends every room's state. The state keeps the browser's service worker awake
 * and repairs any broadcast that pub/sub dropped.
 * @module
 */
import type { Connection } from './connection';
import type { RelayContext } from './relay-context';
import { refreshRooms } from './room-refresh';

/** Starts beating every `deps.heartbeatMs`; returns the function that stops it. */
export function startHeartbeat(
  ctx: RelayContext,
  connections: ReadonlySet<Connection>,
): () => void {
  const timer = setInterval(() => {
    for (const connection of connections) {
      if (connection.phase === 'joined') connection.probe();
    }
    ctx.knocks.keepAlive();
    void refreshRooms(ctx);
  }, ctx.deps.heartbeatMs);
  return () => clearInterval(timer);
}
