/**
 * What the sync units' tests build on: a player element that does nothing, in the state asked
 * for, and a room playing from the start.
 * @module
 */
import type { RoomState } from '../../../shared/protocol';
import type { Player } from './player';

export function fakePlayer(state: Partial<Player> = {}): Player {
  return {
    currentTime: 0,
    paused: false,
    seeking: false,
    ended: false,
    playbackRate: 1,
    readyState: 4,
    adShowing: false,
    play: () => Promise.resolve(),
    pause: () => {},
    seek: () => {},
    setRate: () => {},
    onFrame: () => () => {},
    ...state,
  };
}

/** A room playing at 1× from `position` since relay time 0. */
export function playingRoom(position: number): RoomState {
  return {
    rev: 2,
    videoId: 'aaaaaaaaaa1',
    item: null,
    playing: true,
    position,
    rate: 1,
    at: 0,
    hold: null,
  };
}
