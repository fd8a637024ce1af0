import { describe, expect, it } from 'vitest';
import type { RoomState } from '../../../shared/protocol';
import { EchoFilter } from './echo-filter';
import type { Player } from './player';
import { fakePlayer, playingRoom } from './testing';
import { readUserAction } from './user-action';

const player = (state: Partial<Player> = {}) => fakePlayer({ currentTime: 42, ...state });

const playing = playingRoom(40);
const paused = { ...playing, playing: false };
/** Two seconds after the room started at 40 s: the timeline is at 42 s. */
const clocks = { relayNow: () => 2000, userActedRecently: () => false };
const read = (event: Parameters<typeof readUserAction>[0], p: Player, view: RoomState) =>
  readUserAction(event, p, view, new EchoFilter(), 2000, clocks);

describe('readUserAction', () => {
  it('reads a play in a paused room and a pause in a playing one', () => {
    expect(read('play', player(), paused)).toEqual({ action: 'play', position: 42, rate: 1 });
    expect(read('play', player(), playing)).toBe(null);
    expect(read('pause', player(), playing)).toEqual({ action: 'pause', position: 42, rate: 1 });
    expect(read('pause', player(), paused)).toBe(null);
  });

  it('does not take the pause at the end of the video for the user', () => {
    expect(read('pause', player({ ended: true }), playing)).toBe(null);
  });

  it('reads a seek away from the timeline, not one landing on it', () => {
    expect(read('seeking', player({ currentTime: 42.4 }), playing)).toBe(null);
    expect(read('seeking', player({ currentTime: 90 }), playing)).toEqual({
      action: 'seek',
      position: 90,
      rate: 1,
    });
  });

  it("reads the user's speed, and re-asserts ours over YouTube's", () => {
    expect(read('ratechange', player({ playbackRate: 1 }), playing)).toBe(null);
    expect(read('ratechange', player({ playbackRate: 1.5 }), playing)).toEqual({
      action: 'rate',
      position: 42,
      rate: 1.5,
    });
    const echo = new EchoFilter();
    echo.rate(1.5, 0);
    const room = { ...playing, rate: 1.5 };
    expect(readUserAction('ratechange', player({ playbackRate: 1.5 }), room, echo, 0, clocks)).toBe(
      null,
    );
    echo.rate(1.53, 0);
    expect(readUserAction('ratechange', player({ playbackRate: 1.5 }), room, echo, 0, clocks)).toBe(
      'reassert-rate',
    );
  });
});
