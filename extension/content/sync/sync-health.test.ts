import { describe, expect, it } from 'vitest';
import { IN_SYNC_S, syncHealth, type HealthInput } from './sync-health';
import { playingRoom } from './testing';

const playing = playingRoom(30);

const input = (change: Partial<HealthInput> = {}): HealthInput => ({
  player: { adShowing: false, paused: false, seeking: false, currentTime: 40 },
  state: playing,
  autoplayBlocked: false,
  lastError: 0.01,
  loading: false,
  progressAt: 9900,
  away: false,
  relayNow: 10_000,
  localNow: 10_000,
  ...change,
});

describe('syncHealth', () => {
  it('reports a steadily playing member by its last measured error', () => {
    expect(syncHealth(input())).toEqual({ status: 'in_sync', error: 0.01 });
    expect(syncHealth(input({ lastError: -IN_SYNC_S }))).toEqual({
      status: 'syncing',
      error: -IN_SYNC_S,
    });
    expect(syncHealth(input({ lastError: null }))).toEqual({ status: 'syncing', error: null });
  });

  it('reports a held or paused member by its distance to the room position', () => {
    const paused = { ...playing, playing: false };
    expect(syncHealth(input({ state: paused }))).toEqual({ status: 'syncing', error: 10 });
    const early = { ...playing, at: 20_000 };
    const onIt = { adShowing: false, paused: true, seeking: false, currentTime: 30.01 };
    expect(syncHealth(input({ state: early, player: onIt }))).toMatchObject({ status: 'in_sync' });
  });

  it('puts an ad, a refused autoplay and being away before the error', () => {
    const ad = { adShowing: true, paused: false, seeking: false, currentTime: 3 };
    expect(syncHealth(input({ player: ad }))).toEqual({ status: 'ad', error: null });
    expect(syncHealth(input({ autoplayBlocked: true }))).toEqual({
      status: 'blocked',
      error: null,
    });
    expect(syncHealth(input({ away: true }))).toEqual({ status: 'away', error: 0.01 });
  });

  it('reports buffering while loading, seeking, or playing without moving on', () => {
    expect(syncHealth(input({ loading: true })).status).toBe('buffering');
    const seeking = { adShowing: false, paused: false, seeking: true, currentTime: 40 };
    expect(syncHealth(input({ player: seeking })).status).toBe('buffering');
    expect(syncHealth(input({ progressAt: 9400 })).status).toBe('buffering');
  });

  it('says nothing but syncing without a player or a room', () => {
    expect(syncHealth(input({ player: null }))).toEqual({ status: 'syncing', error: null });
    expect(syncHealth(input({ state: null }))).toEqual({ status: 'syncing', error: null });
  });
});
