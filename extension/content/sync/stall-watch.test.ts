import { describe, expect, it } from 'vitest';
import type { RoomState } from '../../../shared/protocol';
import type { Player } from './player';
import { StallWatch } from './stall-watch';
import { fakePlayer, playingRoom } from './testing';

const player = (state: Partial<Player> = {}) => fakePlayer({ currentTime: 30, ...state });

const playing = playingRoom(30);
const hold = { id: 3, reason: 'seek' as const, waitingFor: ['me'], deadline: 9000 };

/** Checks every 250 ms from `from` to `until` with the player standing still. */
function standStill(watch: StallWatch, p: Player, state: RoomState, from: number, until: number) {
  const reports: number[] = [];
  for (let now = from; now <= until; now += 250)
    if (watch.check(p, state, now, now, false)) reports.push(now);
  return reports;
}

describe('StallWatch', () => {
  it('absorbs a short stall and reports a long one once', () => {
    const watch = new StallWatch();
    expect(standStill(watch, player(), playing, 1000, 2250)).toEqual([]);
    expect(standStill(watch, player(), playing, 2500, 6000)).toEqual([2500]);
  });

  it('does not count a player that moves on, or a room that should not be playing', () => {
    const watch = new StallWatch();
    for (let now = 1000; now < 5000; now += 250)
      expect(watch.check(player({ currentTime: now / 1000 }), playing, now, now, false)).toBe(
        false,
      );
    expect(standStill(watch, player(), { ...playing, playing: false }, 5000, 9000)).toEqual([]);
    expect(standStill(watch, player(), { ...playing, at: 20_000 }, 9000, 12_000)).toEqual([]);
  });

  it('counts an ad from when it was first seen, even after a recovered stall', () => {
    const watch = new StallWatch();
    expect(standStill(watch, player(), playing, 1000, 2500)).toEqual([2500]);
    expect(watch.ready(player(), { ...playing, hold }, 'me')).toBe(3);
    const ad = player({ adShowing: true });
    expect(standStill(watch, ad, playing, 3000, 4500)).toEqual([4500]);
  });

  it('counts an ad the element already showed from when it was attached', () => {
    const watch = new StallWatch();
    watch.check(player(), playing, 500, 500, false);
    watch.attached(true, 1000);
    expect(watch.check(player({ adShowing: true }), playing, 2500, 2500, false)).toBe(true);
  });

  it('never holds the room for an ad before the video has shown since joining (a pre-roll)', () => {
    const watch = new StallWatch();
    watch.joined();
    watch.attached(true, 1000);
    const preRoll = player({ adShowing: true });
    expect(standStill(watch, preRoll, playing, 1000, 9000)).toEqual([]);
    // The video loads after the pre-roll, still the member's own wait; a mid-roll later is the
    // room's to wait for.
    expect(standStill(watch, player({ readyState: 1 }), playing, 9250, 9250)).toEqual([]);
    watch.adStarted(9500);
    expect(standStill(watch, preRoll, playing, 9500, 9750)).toEqual([]);
    watch.check(player({ currentTime: 40 }), playing, 10_000, 10_000, false);
    watch.adStarted(10_250);
    expect(standStill(watch, preRoll, playing, 10_250, 12_000)).toEqual([11_750]);
  });

  it('says ready once per hold, only on its position and able to show the frame', () => {
    const watch = new StallWatch();
    const held = { ...playing, hold };
    expect(watch.ready(player({ currentTime: 31 }), held, 'me')).toBe(null);
    expect(watch.ready(player({ readyState: 1 }), held, 'me')).toBe(null);
    expect(watch.ready(player(), held, 'ana')).toBe(null);
    expect(watch.ready(player({ readyState: 2 }), held, 'me')).toBe(3);
    expect(watch.ready(player(), held, 'me')).toBe(null);
    watch.joined();
    expect(watch.ready(player(), held, 'me')).toBe(3);
  });

  it('tells once when playback goes on after the buffer ran dry mid-play', () => {
    const watch = new StallWatch();
    const timeline = { state: playing, settling: false };
    expect(watch.refilled(timeline)).toBe(false);
    watch.check(player({ readyState: 2 }), playing, 1000, 1000, false);
    expect(watch.refilled(timeline)).toBe(true);
    expect(watch.refilled(timeline)).toBe(false);
  });

  it('leaves a dry buffer the room or the user has moved on from to the new state', () => {
    const watch = new StallWatch();
    const dry = player({ readyState: 2 });
    watch.check(dry, playing, 1000, 1000, false);
    // A hold for this very stall, a pause, a seek: applied afresh already.
    expect(watch.refilled({ state: { ...playing, rev: 3 }, settling: false })).toBe(false);
    watch.check(dry, playing, 1250, 1250, false);
    expect(watch.refilled({ state: playing, settling: true })).toBe(false);
    watch.check(dry, playing, 1500, 1500, false);
    watch.attached(false, 1600);
    expect(watch.refilled({ state: playing, settling: false })).toBe(false);
  });

  it('does not take seeks, loads, ads, pauses or a room not playing for a dry buffer', () => {
    const cases: [Player, RoomState, boolean][] = [
      [player({ readyState: 2, seeking: true }), playing, false],
      [player({ readyState: 1 }), playing, true],
      [player({ readyState: 2, adShowing: true }), playing, false],
      [player({ readyState: 2, paused: true }), playing, false],
      [player({ readyState: 2 }), { ...playing, playing: false }, false],
      [player({ readyState: 2 }), { ...playing, hold }, false],
      [player({ readyState: 2 }), { ...playing, at: 5000 }, false],
    ];
    for (const [p, state, loading] of cases) {
      const watch = new StallWatch();
      watch.check(p, state, 1000, 1000, loading);
      expect(watch.refilled({ state, settling: false })).toBe(false);
    }
  });
});
