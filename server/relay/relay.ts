/**
 * The WebSocket relay of one node: takes over sockets, routes their frames to the handlers and
 * the rooms' events to their local members, and keeps membership (who is in which local room).
 * Other nodes are reached only through the ports' shared data, the events the stores publish and
 * the `RoomBus`.
 * @module
 */
import { CloseCode } from '../../shared/protocol';
import { Connection, type ClientSocket } from './connection';
import { departed } from './departure';
import { dispatch } from './handlers';
import { startHeartbeat } from './heartbeat';
import { HoldDeadlines } from './hold-deadlines';
import { KeyedThrottle } from './keyed-throttle';
import type { RelayContext } from './relay-context';
import type { RelayDeps } from './relay-deps';
import { onRoomEvent } from './room-events';
import { RoomKnocks } from './room-knocks';
import { resync } from './room-refresh';
import { RoomRegistry } from './room-registry';
import { PUSH_GAP_MS, RoomRosters } from './room-rosters';

/** How long shutdown waits for clients to acknowledge the 1001 close before dropping them. */
const CLOSE_WAIT_MS = 2000;

/** Serves every WebSocket of one node. */
export class Relay {
  readonly #connections = new Set<Connection>();
  readonly #ctx: RelayContext;
  readonly #deadlines: HoldDeadlines;
  readonly #stopHeartbeat: () => void;
  #closed = false;

  constructor(private readonly deps: RelayDeps) {
    const { clock, log } = deps;
    // The release reaches every node, this one included, as a broadcast.
    this.#deadlines = new HoldDeadlines(
      async (rid, holdId) => {
        await deps.rooms.expireHold(rid, holdId, clock.now());
      },
      clock,
      log,
    );
    const registry = new RoomRegistry<Connection>(deps.bus, deps.roomLingerMs, log, (room) =>
      this.#deadlines.follow(room.rid, room.latest),
    );
    this.#ctx = {
      deps,
      registry,
      rosters: new RoomRosters(
        deps.members,
        () => registry.rooms(),
        clock,
        log,
        deps.maxRoomMembers,
      ),
      knocks: new RoomKnocks(deps.knocks, clock, log),
      announcements: new KeyedThrottle(PUSH_GAP_MS, (rid) => {
        deps.meta.announceRoster(rid).catch((error: unknown) => {
          log('members_announce_failed', { rid, error: String(error) });
        });
      }),
    };
    deps.bus.listen({
      broadcast: (rid, event) => onRoomEvent(this.#ctx, rid, event),
      reconnected: () => {
        log('bus_reconnected');
        // A playlist change announced while the bus was down is lost: look every queue up again.
        for (const room of registry.rooms()) room.target = null;
        void resync(this.#ctx, () => this.#closed);
      },
    });
    this.#stopHeartbeat = startHeartbeat(this.#ctx, this.#connections);
  }

  /** Open sockets on this node. */
  get connectionCount(): number {
    return this.#connections.size;
  }

  /** Local rooms with members on this node. */
  get roomCount(): number {
    let count = 0;
    for (const room of this.#ctx.registry.rooms()) if (room.members.size > 0) count++;
    return count;
  }

  /** Takes over an upgraded socket from `clientIp`. */
  accept(ws: ClientSocket, clientIp: string): void {
    const { deps } = this;
    const connection = new Connection(
      ws,
      {
        frame: (c, frame, receivedAt) => dispatch(this.#ctx, c, frame, receivedAt),
        closed: (c) => this.#onClosed(c),
      },
      deps.handshakeMs,
      deps.chatBudget,
      deps.clock,
      deps.log,
      deps.metrics,
      clientIp,
    );
    this.#connections.add(connection);
  }

  /** Closes every socket with 1001 (clients reconnect elsewhere) and unsubscribes. */
  async close(): Promise<void> {
    this.#closed = true;
    this.#stopHeartbeat();
    this.#ctx.rosters.stop();
    this.#ctx.announcements.stop();
    this.#ctx.knocks.stop();
    this.#deadlines.stop();
    const open = [...this.#connections];
    const allClosed = Promise.all(
      open.map((c) => new Promise<void>((resolve) => c.onceClosed(resolve))),
    );
    for (const c of open) c.close(CloseCode.GOING_AWAY, 'relay shutting down');
    let timer: ReturnType<typeof setTimeout> | undefined;
    const waited = new Promise<void>((resolve) => {
      timer = setTimeout(resolve, CLOSE_WAIT_MS);
    });
    await Promise.race([allClosed, waited]);
    clearTimeout(timer);
    for (const c of this.#connections) c.terminate();
    await this.#ctx.registry.clear();
  }

  #onClosed(connection: Connection): void {
    this.#connections.delete(connection);
    this.#ctx.knocks.closed(connection);
    const room = connection.room;
    if (!room) return;
    room.members.delete(connection);
    this.#ctx.registry.release(room);
    departed(this.#ctx, room, connection.memberId);
  }
}
