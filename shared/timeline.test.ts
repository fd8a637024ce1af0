import { describe, expect, it } from 'vitest';
import type { RoomState } from './protocol';
import { expectedPosition } from './timeline';

const state: RoomState = {
  rev: 1,
  videoId: 'aaaaaaaaaa1',
  item: null,
  playing: true,
  position: 10,
  rate: 1,
  at: 50_000,
  hold: null,
};

describe('expectedPosition', () => {
  it('advances with relay time while playing', () => {
    expect(expectedPosition(state, 52_500)).toBe(12.5);
  });

  it('scales with the playback rate', () => {
    expect(expectedPosition({ ...state, rate: 1.5 }, 52_000)).toBe(13);
    expect(expectedPosition({ ...state, rate: 0.25 }, 54_000)).toBe(11);
  });

  it('holds still while paused', () => {
    expect(expectedPosition({ ...state, playing: false }, 90_000)).toBe(10);
  });

  it('holds on the position while the room waits for members', () => {
    const hold = { id: 1, reason: 'seek' as const, waitingFor: ['m1'], deadline: 60_000 };
    expect(expectedPosition({ ...state, hold }, 55_000)).toBe(10);
  });

  it('holds the start frame until a scheduled start', () => {
    expect(expectedPosition(state, 49_700)).toBe(10);
  });
});
