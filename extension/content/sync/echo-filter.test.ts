import { describe, expect, it } from 'vitest';
import { EchoFilter, RATE_RESET_WINDOW_MS } from './echo-filter';
import { fakePlayer } from './testing';

const player = (currentTime: number, playbackRate = 1) => fakePlayer({ currentTime, playbackRate });

describe('EchoFilter', () => {
  it("takes the seek our command caused for ours, once, and a user's seek elsewhere for theirs", () => {
    const echo = new EchoFilter();
    echo.seek(45, 0);
    expect(echo.isEcho(player(12), 'seeking', 10)).toBe(false);
    expect(echo.isEcho(player(45.05), 'seeking', 20)).toBe(true);
    expect(echo.isEcho(player(45.05), 'seeking', 30)).toBe(false);
  });

  it('takes a rate change for ours only while the player shows the rate we set', () => {
    const echo = new EchoFilter();
    echo.rate(1.5, 0);
    expect(echo.commandedRate).toBe(1.5);
    expect(echo.isEcho(player(0, 1), 'ratechange', 10)).toBe(false);
    expect(echo.isEcho(player(0, 1.5), 'ratechange', 20)).toBe(true);
  });

  it('forgets the tokens of the element an ad played in', () => {
    const echo = new EchoFilter();
    echo.pause(0);
    echo.adEnded(5);
    expect(echo.isEcho(player(0), 'pause', 10)).toBe(false);
  });

  it("tells YouTube's reset to 1× from the user's, by the window and the user's input", () => {
    const echo = new EchoFilter();
    echo.roomRateApplied(1.5, 1000);
    const noInput = () => false;
    expect(echo.isYoutubeRate(1, 1.5, 2000, noInput)).toBe(true);
    expect(echo.isYoutubeRate(1, 1.5, 2000, () => true)).toBe(false);
    expect(echo.isYoutubeRate(1, 1.5, 1000 + RATE_RESET_WINDOW_MS, noInput)).toBe(false);
    // The same rate applied again does not open a new window.
    echo.roomRateApplied(1.5, 1000 + RATE_RESET_WINDOW_MS);
    expect(echo.isYoutubeRate(1, 1.5, 1000 + RATE_RESET_WINDOW_MS, noInput)).toBe(false);
  });

  it("re-asserts over the room's own rate and rates out of range, and keeps the user's", () => {
    const echo = new EchoFilter();
    const input = () => true;
    expect(echo.isYoutubeRate(1.25, 1.25, 0, input)).toBe(true);
    expect(echo.isYoutubeRate(0.1, 1, 0, input)).toBe(true);
    expect(echo.isYoutubeRate(3, 1, 0, input)).toBe(true);
    expect(echo.isYoutubeRate(1.75, 1, 0, input)).toBe(false);
    echo.usersRate(1.75);
    expect(echo.commandedRate).toBe(1.75);
  });

  it("judges a new element's rate changes against its own rate", () => {
    const echo = new EchoFilter();
    echo.rate(1.5, 0);
    echo.attached(1);
    expect(echo.commandedRate).toBe(1);
    expect(echo.isEcho(player(0, 1), 'ratechange', 10)).toBe(false);
  });
});
