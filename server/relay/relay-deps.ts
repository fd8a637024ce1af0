/**
 * What a relay node is built from: the ports it reaches shared state through, its settings, and
 * its log and metrics.
 * @module
 */
import type { Log } from '../log';
import type { RelayMetrics } from '../metrics';
import type { ChatBudget } from './member-budget';
import type { RoomBus } from './ports/bus';
import type { RoomChat } from './ports/chat';
import type { Clock } from './ports/clock';
import type { KnockBoard } from './ports/knocks';
import type { JoinLimits } from './ports/limits';
import type { InviteLookup, RoomOwnerLookup, SessionLookup } from './ports/lookups';
import type { MemberDirectory } from './ports/members';
import type { RoomHost } from './ports/room-host';
import type { RoomTimelineStore } from './ports/room-timeline';

export interface RelayDeps {
  rooms: RoomTimelineStore;
  members: MemberDirectory;
  meta: RoomHost;
  chat: RoomChat;
  knocks: KnockBoard;
  invites: InviteLookup;
  /** An invite's target with its owner, who is the room's rightful host. */
  owners: RoomOwnerLookup;
  /** Who a hello's session belongs to. */
  identity: SessionLookup;
  limits: JoinLimits;
  bus: RoomBus;
  clock: Clock;
  /** True when an error means the shared state is unreachable rather than a bug. */
  isOutage(error: unknown): boolean;
  /** True when an error means the shared state refused a write for lack of memory. */
  isStorageFull(error: unknown): boolean;
  heartbeatMs: number;
  handshakeMs: number;
  roomLingerMs: number;
  chatBudget: ChatBudget;
  /** The most members one room admits (its host and owner always get in). */
  maxRoomMembers: number;
  metrics: Pick<RelayMetrics, 'messages' | 'rejects' | 'controlDelivery'>;
  log: Log;
}
