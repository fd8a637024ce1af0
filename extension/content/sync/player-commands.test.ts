import { describe, expect, it } from 'vitest';
import { EchoFilter } from './echo-filter';
import { LatencyModel } from './latency-model';
import type { Player } from './player';
import { PlayerCommands } from './player-commands';

function setup(refusePlay = false) {
  const calls: string[] = [];
  const blocked: boolean[] = [];
  const player: Player = {
    currentTime: 30,
    paused: true,
    seeking: false,
    ended: false,
    playbackRate: 1,
    readyState: 4,
    adShowing: false,
    play: () => {
      calls.push('play');
      return refusePlay
        ? Promise.reject(new DOMException('no gesture', 'NotAllowedError'))
        : Promise.resolve();
    },
    pause: () => calls.push('pause'),
    seek: (s) => calls.push(`seek ${s}`),
    setRate: (r) => calls.push(`rate ${r}`),
    onFrame: () => () => {},
  };
  const echo = new EchoFilter();
  const latency = new LatencyModel();
  const commands = new PlayerCommands(echo, latency, {
    relayNow: () => 2000,
    localNow: () => 1000,
    autoplayBlocked: (b) => blocked.push(b),
  });
  return { calls, blocked, player, echo, latency, commands };
}

describe('PlayerCommands', () => {
  it('leaves a token for the event each command causes', () => {
    const { calls, player, echo, commands } = setup();
    commands.pause(player);
    commands.rate(player, 1.25);
    expect(calls).toEqual(['pause', 'rate 1.25']);
    expect(echo.isEcho(player, 'pause', 1100)).toBe(true);
    expect(echo.isEcho({ ...player, playbackRate: 1.25 }, 'ratechange', 1100)).toBe(true);
  });

  it('holds on a frame: pauses a playing player and seeks only when off that frame', () => {
    const { calls, player, commands } = setup();
    commands.holdAt(player, 30.01);
    expect(calls).toEqual([]);
    commands.holdAt({ ...player, paused: false }, 31);
    expect(calls).toEqual(['pause', 'seek 31']);
  });

  it('seeks where the timeline will be once the seek lands', () => {
    const { calls, player, latency, commands } = setup();
    const state = {
      rev: 2,
      videoId: 'aaaaaaaaaa1',
      item: null,
      playing: true,
      position: 40,
      rate: 1,
      at: 0,
      hold: null,
    };
    commands.seekOnTimeline(player, state);
    expect(calls).toEqual([`seek ${40 + 2 + latency.seekS}`]);
  });

  it('reports a refused autoplay once, and its end', async () => {
    const refused = setup(true);
    refused.commands.play(refused.player);
    refused.commands.play(refused.player);
    await new Promise((done) => setTimeout(done, 0));
    expect(refused.blocked).toEqual([true]);
    expect(refused.commands.autoplayBlocked).toBe(true);
    refused.commands.setAutoplayBlocked(false);
    expect(refused.blocked).toEqual([true, false]);
  });
});
