import { beforeEach, describe, expect, it } from 'vitest';
import type { RoomState } from '../../shared/protocol';
import { PlayerSync, SETTLE_MS, type Player } from './player-sync';

class FakePlayer implements Player {
  currentTime = 0;
  paused = true;
  seeking = false;
  ended = false;
  playbackRate = 1;
  readyState = 4;
  refusePlay = false;
  calls: string[] = [];
  play(): Promise<void> {
    this.calls.push('play');
    if (this.refusePlay) return Promise.reject(new DOMException('no gesture', 'NotAllowedError'));
    this.paused = false;
    return Promise.resolve();
  }
  pause(): void {
    this.calls.push('pause');
    this.paused = true;
  }
  seek(seconds: number): void {
    this.calls.push(`seek ${seconds.toFixed(2)}`);
    this.currentTime = seconds;
  }
  setRate(rate: number): void {
    this.calls.push(`rate ${rate}`);
    this.playbackRate = rate;
  }
}

const room: RoomState = {
  rev: 1,
  videoId: 'aaaaaaaaaa1',
  playing: false,
  position: 30,
  rate: 1,
  at: 0,
  hold: null,
};

let now: number;
let player: FakePlayer;
let sent: { action: string; position: number; rate: number; baseRev: number }[];
let blocked: boolean[];
let timers: { at: number; run: () => void }[];
let sync: PlayerSync;

function makeSync(): PlayerSync {
  return new PlayerSync({
    relayNow: () => now,
    localNow: () => now,
    sendControl: (c) => sent.push(c),
    autoplayBlocked: (b) => blocked.push(b),
    setTimer: (ms, run) => {
      const timer = { at: now + ms, run };
      timers.push(timer);
      return () => timers.splice(timers.indexOf(timer), 1);
    },
  });
}

function advance(ms: number) {
  now += ms;
  for (const timer of timers.filter((t) => t.at <= now)) {
    timers.splice(timers.indexOf(timer), 1);
    timer.run();
  }
}

beforeEach(() => {
  now = 10_000;
  player = new FakePlayer();
  sent = [];
  blocked = [];
  timers = [];
  sync = makeSync();
  sync.attach(player);
  sync.joined('me', { ...room, at: now });
  advance(SETTLE_MS);
  player.calls = [];
});

describe('PlayerSync', () => {
  it('lands a joiner on the room position, paused', () => {
    expect(player.paused).toBe(true);
    expect(player.currentTime).toBe(30);
  });

  it('applies a remote play without echoing it back', async () => {
    sync.remoteState({ ...room, rev: 2, playing: true, at: now }, 'ana');
    expect(player.paused).toBe(false);
    sync.playerEvent('play');
    await Promise.resolve();
    expect(sent).toEqual([]);
  });

  it('applies a remote seek and ignores the seeked event it causes', () => {
    sync.remoteState({ ...room, rev: 2, position: 90, at: now }, 'ana');
    expect(player.currentTime).toBe(90);
    sync.playerEvent('seeked');
    expect(sent).toEqual([]);
  });

  it('turns a user pause into a control on the current rev', () => {
    sync.remoteState({ ...room, rev: 2, playing: true, at: now }, 'ana');
    advance(2000);
    player.currentTime = 32;
    player.pause();
    sync.playerEvent('pause');
    expect(sent).toEqual([{ action: 'pause', position: 32, rate: 1, baseRev: 2 }]);
  });

  it('sends a user seek but not a tiny one', () => {
    player.currentTime = 30.2;
    sync.playerEvent('seeked');
    expect(sent).toEqual([]);
    player.currentTime = 75;
    sync.playerEvent('seeked');
    expect(sent).toEqual([{ action: 'seek', position: 75, rate: 1, baseRev: 1 }]);
  });

  it('does not let a quick pause-then-play lose the play', () => {
    sync.remoteState({ ...room, rev: 2, playing: true, at: now }, 'ana');
    player.pause();
    sync.playerEvent('pause');
    void player.play();
    sync.playerEvent('play');
    expect(sent.map((c) => [c.action, c.baseRev])).toEqual([
      ['pause', 2],
      ['play', 3],
    ]);
  });

  it('reverts what the page does while settling (autoplay after a load)', () => {
    sync.playerEvent('loadstart');
    void player.play();
    sync.playerEvent('play');
    expect(sent).toEqual([]);
    expect(player.paused).toBe(true);
  });

  it('takes a user pause right after joining', () => {
    const fresh = makeSync();
    const playing = new FakePlayer();
    void playing.play();
    fresh.attach(playing);
    fresh.joined('me', { ...room, playing: true, position: 0, at: now });
    playing.pause();
    fresh.playerEvent('pause');
    expect(sent.map((c) => c.action)).toEqual(['pause']);
  });

  it('takes user actions in a room joined after the page finished loading', () => {
    const late = new FakePlayer();
    late.readyState = 1;
    const fresh = makeSync();
    fresh.attach(late);
    late.readyState = 4;
    fresh.playerEvent('canplay');
    advance(SETTLE_MS);
    fresh.joined('me', { ...room, playing: true, at: now });
    advance(SETTLE_MS);
    late.pause();
    fresh.playerEvent('pause');
    expect(sent.map((c) => c.action)).toEqual(['pause']);
  });

  it('takes a user play right after a seek (canplay after a seek is not a load)', () => {
    sync.remoteState({ ...room, rev: 2, position: 42, at: now }, 'ana');
    sync.playerEvent('seeked');
    sync.playerEvent('canplay');
    void player.play();
    sync.playerEvent('play');
    expect(sent).toEqual([{ action: 'play', position: 42, rate: 1, baseRev: 2 }]);
  });

  it('seeks a drifting player back onto the timeline, and leaves a close one alone', () => {
    sync.remoteState({ ...room, rev: 2, playing: true, at: now }, 'ana');
    advance(1000);
    player.currentTime = 31.1;
    player.calls = [];
    sync.tick();
    expect(player.calls).toEqual([]);
    player.currentTime = 29;
    sync.tick();
    expect(player.calls).toEqual(['seek 31.00']);
  });

  it('holds a scheduled start until the stamped instant', () => {
    sync.remoteState({ ...room, rev: 2, playing: true, at: now + 300 }, 'ana');
    expect(player.paused).toBe(true);
    advance(300);
    expect(player.paused).toBe(false);
    expect(player.currentTime).toBe(30);
  });

  it('reports a refused autoplay once, and stops retrying until clicked', async () => {
    player.refusePlay = true;
    sync.remoteState({ ...room, rev: 2, playing: true, at: now }, 'ana');
    await Promise.resolve();
    await Promise.resolve();
    expect(blocked).toEqual([true]);
    player.calls = [];
    sync.tick();
    expect(player.calls).toEqual([]);
  });

  it('abandons an unconfirmed change and returns to the room state', () => {
    player.currentTime = 80;
    sync.playerEvent('seeked');
    advance(3000);
    sync.tick();
    expect(player.currentTime).toBe(30);
  });
});
