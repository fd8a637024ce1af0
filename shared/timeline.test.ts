import { describe, expect, it } from 'vitest';
import type { RoomState } from './protocol';
import { expectedPosition } from './timeline';

const state: RoomState = {
  rev: 1,
  videoId: 'aaaaaaaaaa1',
  playing: true,
  position: 10,
  rate: 1,
  at: 50_000,
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

  it('holds the start frame until a scheduled start', () => {
    expect(expectedPosition(state, 49_700)).toBe(10);
  });
});
