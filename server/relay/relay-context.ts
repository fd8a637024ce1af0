/**
 * What the frame and event handlers of one node share: its ports, its local rooms and the
 * helpers that show them to their members.
 * @module
 */
import type { Connection } from './connection';
import type { KeyedThrottle } from './keyed-throttle';
import type { RelayDeps } from './relay-deps';
import type { LocalRoom, RoomRegistry } from './room-registry';
import type { RoomKnocks } from './room-knocks';
import type { RoomRosters } from './room-rosters';

export type Room = LocalRoom<Connection>;

export interface RelayContext {
  readonly deps: RelayDeps;
  readonly registry: RoomRegistry<Connection>;
  readonly rosters: RoomRosters;
  readonly knocks: RoomKnocks;
  /** Roster announcements per room, folded so that a burst of changes is one event per gap. */
  readonly announcements: KeyedThrottle<string>;
}
