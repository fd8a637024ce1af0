/**
 * What a member reports about its sync, about once a second: a pure reading of the player and
 * the room's state.
 * @module
 */
import type { MemberStatus, RoomState } from '../../../shared/protocol';
import type { Player } from './player';

/** Within this of the timeline a member counts as in sync. */
export const IN_SYNC_S = 0.04;

export interface SyncHealth {
  status: MemberStatus;
  error: number | null;
}

export interface HealthInput {
  player: Pick<Player, 'adShowing' | 'paused' | 'seeking' | 'currentTime'> | null;
  state: RoomState | null;
  /** The browser refused to start playback without a click. */
  autoplayBlocked: boolean;
  /** The drift last measured while the room played steadily. */
  lastError: number | null;
  /** A new video is loading in the element. */
  loading: boolean;
  /** When the player last moved on, local ms. */
  progressAt: number;
  /** The member is away: the tab is hidden, or YouTube paused for want of the user's input. */
  away: boolean;
  relayNow: number;
  localNow: number;
}

export function syncHealth(input: HealthInput): SyncHealth {
  const { player, state } = input;
  if (!player || !state) return { status: 'syncing', error: null };
  if (player.adShowing) return { status: 'ad', error: null };
  if (input.autoplayBlocked) return { status: 'blocked', error: null };
  const steady = state.playing && !state.hold && input.relayNow >= state.at;
  const error = steady ? input.lastError : player.currentTime - state.position;
  if (input.away) return { status: 'away', error };
  const stalled = steady && !player.paused && input.localNow - input.progressAt > 500;
  if (input.loading || player.seeking || stalled) return { status: 'buffering', error };
  if (error === null) return { status: 'syncing', error };
  return { status: Math.abs(error) < IN_SYNC_S ? 'in_sync' : 'syncing', error };
}
