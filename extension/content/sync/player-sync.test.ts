import { beforeEach, describe, expect, it } from 'vitest';
import type { RoomState } from '../../../shared/protocol';
import { RATE_RESET_WINDOW_MS } from './echo-filter';
import type { Player, PlayerEvent } from './player';
import { SETTLE_MS } from './page-settle';
import { PlayerSync } from './player-sync';
import type { SyncFrame } from './sync-hooks';

/**
 * A media element stand-in: commands change its state at once and queue the events a real
 * element would fire, which `flush()` delivers (as the browser does, a moment later).
 */
class FakePlayer implements Player {
  currentTime = 0;
  paused = true;
  seeking = false;
  ended = false;
  playbackRate = 1;
  readyState = 4;
  adShowing = false;
  /** Playing but not advancing, as when the network cannot keep up. */
  stalled = false;
  refusePlay = false;
  calls: string[] = [];
  events: PlayerEvent[] = [];
  frameCallback: ((mediaTime: number, displayedAt: number) => void) | null = null;
  play(): Promise<void> {
    this.calls.push('play');
    if (this.refusePlay) return Promise.reject(new DOMException('no gesture', 'NotAllowedError'));
    if (this.paused) this.events.push('play', 'playing');
    this.paused = false;
    return Promise.resolve();
  }
  pause(): void {
    this.calls.push('pause');
    if (!this.paused) this.events.push('pause');
    this.paused = true;
  }
  seek(seconds: number): void {
    this.calls.push(`seek ${seconds.toFixed(2)}`);
    this.currentTime = seconds;
    this.events.push('seeking', 'seeked');
  }
  setRate(rate: number): void {
    this.calls.push(`rate ${rate.toFixed(3)}`);
    this.playbackRate = rate;
    this.events.push('ratechange');
  }
  onFrame(callback: (mediaTime: number, displayedAt: number) => void): () => void {
    this.frameCallback = callback;
    return () => (this.frameCallback = null);
  }
}

const room: RoomState = {
  rev: 1,
  videoId: 'aaaaaaaaaa1',
  item: null,
  playing: false,
  position: 30,
  rate: 1,
  at: 0,
  hold: null,
};

let now: number;
let player: FakePlayer;
let sent: SyncFrame[];
let blocked: boolean[];
let userActed: boolean;
let timers: { at: number; run: () => void }[];
let endings: RoomState[];
let endPositions: number[];
let sync: PlayerSync;

function makeSync(): PlayerSync {
  return new PlayerSync({
    relayNow: () => now,
    localNow: () => now,
    send: (frame) => sent.push(frame),
    autoplayBlocked: (b) => blocked.push(b),
    userActedRecently: () => userActed,
    setTimer: (ms, run) => {
      const timer = { at: now + ms, run };
      timers.push(timer);
      return () => timers.splice(timers.indexOf(timer), 1);
    },
    ended: (state, position) => {
      endings.push(state);
      endPositions.push(position);
    },
  });
}

/** Delivers the events the player's commands caused, as the browser would. */
function flush(p = player, s = sync) {
  for (const event of p.events.splice(0)) s.playerEvent(event);
}

function advance(ms: number) {
  if (!player.paused && !player.stalled && !player.adShowing)
    player.currentTime += (ms / 1000) * player.playbackRate;
  now += ms;
  for (const timer of timers.filter((t) => t.at <= now)) {
    timers.splice(timers.indexOf(timer), 1);
    timer.run();
  }
  flush();
}

/** The user does something to the player (the browser fires the event). */
function user(action: (p: FakePlayer) => void) {
  action(player);
  flush();
}

/** The page (or YouTube) sets the rate directly, without going through sync. */
function setRateByPage(p: FakePlayer, rate: number) {
  p.playbackRate = rate;
  p.events.push('ratechange');
}

const controls = () => sent.filter((f) => f.type === 'control');

beforeEach(() => {
  now = 10_000;
  player = new FakePlayer();
  sent = [];
  blocked = [];
  userActed = false;
  timers = [];
  endings = [];
  endPositions = [];
  sync = makeSync();
  sync.attach(player);
  sync.joined('me', { ...room, at: now });
  flush();
  player.calls = [];
});

describe('PlayerSync applying the room', () => {
  it('lands a joiner on the room position, paused', () => {
    expect(player.paused).toBe(true);
    expect(player.currentTime).toBe(30);
  });

  it('applies a remote play without echoing it back', () => {
    sync.remoteState({ ...room, rev: 2, playing: true, at: now }, 'ana');
    flush();
    expect(player.paused).toBe(false);
    expect(sent).toEqual([]);
  });

  it('applies a remote seek and pause without echoing them back', () => {
    sync.remoteState({ ...room, rev: 2, playing: true, at: now }, 'ana');
    sync.remoteState({ ...room, rev: 3, position: 90, at: now }, 'ana');
    flush();
    expect(player.paused).toBe(true);
    expect(player.currentTime).toBe(90);
    expect(sent).toEqual([]);
  });

  it('holds a scheduled start until the stamped instant', () => {
    sync.remoteState({ ...room, rev: 2, playing: true, at: now + 300 }, 'ana');
    flush();
    expect(player.paused).toBe(true);
    // It starts a moment early by its measured play latency, so its first frame moves on time.
    advance(250);
    expect(player.paused).toBe(true);
    advance(50);
    expect(player.paused).toBe(false);
    expect(player.currentTime).toBe(30);
  });

  it('learns its play latency from when the media clock started, not when a frame showed', () => {
    sync.remoteState({ ...room, rev: 2, playing: true, at: now + 300 }, 'ana');
    advance(270); // the first start, at the default latency of 30 ms
    expect(player.paused).toBe(false);
    // The first moving frame shows 100 ms after play() but is already 40 ms into the video: the
    // clock started 60 ms after play(), and the estimate moves from 30 towards 60, not 100.
    player.frameCallback?.(30.04, now + 100);
    sync.remoteState({ ...room, rev: 3, playing: false, position: 30, at: now }, 'ana');
    flush();
    sync.remoteState({ ...room, rev: 4, playing: true, position: 30, at: now + 300 }, 'ana');
    flush();
    advance(260); // 0.7 × 30 + 0.3 × 60 = 39 ms early: not yet
    expect(player.paused).toBe(true);
    advance(2);
    expect(player.paused).toBe(false);
  });

  it('lands a joiner mid-play where the timeline will be once the seek is done', () => {
    sync.remoteState({ ...room, rev: 2, playing: true, position: 30, at: now - 10_000 }, 'ana');
    expect(player.currentTime).toBeGreaterThan(40);
    expect(player.currentTime).toBeLessThan(40.5);
    expect(player.paused).toBe(false);
  });

  it('reports a refused autoplay once, and stops retrying until the user clicks', async () => {
    player.refusePlay = true;
    sync.remoteState({ ...room, rev: 2, playing: true, at: now }, 'ana');
    await Promise.resolve();
    await Promise.resolve();
    expect(blocked).toEqual([true]);
    expect(sync.health(false).status).toBe('blocked');
    player.calls = [];
    sync.tick();
    expect(player.calls).toEqual([]);
    player.refusePlay = false;
    sync.resync();
    expect(player.calls).toContain('play');
  });
});

describe('PlayerSync reading the user', () => {
  beforeEach(() => {
    sync.remoteState({ ...room, rev: 2, playing: true, at: now }, 'ana');
    flush();
    advance(2000);
    sent = [];
  });

  it('turns a user pause into a control on the current rev', () => {
    user((p) => p.pause());
    expect(sent).toEqual([{ type: 'control', action: 'pause', position: 32, rate: 1, baseRev: 2 }]);
  });

  it("holds a user play only once playback began, so the page's play() promise resolves", () => {
    user((p) => p.pause());
    sync.remoteState({ ...room, rev: 3, playing: false, position: 32, at: now }, 'me');
    flush();
    void player.play();
    sync.playerEvent('play');
    expect(player.paused).toBe(false);
    sync.playerEvent('playing');
    expect(player.paused).toBe(true);
  });

  it('holds a user play for the scheduled start instead of playing ahead', () => {
    user((p) => p.pause());
    sync.remoteState({ ...room, rev: 3, playing: false, position: 32, at: now }, 'me');
    flush();
    sent = [];
    user((p) => void p.play());
    expect(player.paused).toBe(true);
    expect(controls()).toEqual([
      { type: 'control', action: 'play', position: 32, rate: 1, baseRev: 3 },
    ]);
  });

  it('chains a quick pause-then-play without losing the play', () => {
    user((p) => p.pause());
    user((p) => void p.play());
    expect(controls().map((c) => c.type === 'control' && [c.action, c.baseRev])).toEqual([
      ['pause', 2],
      ['play', 3],
    ]);
  });

  it('does not let our own seek in flight swallow a user seek (one seeked for both)', () => {
    sync.remoteState({ ...room, rev: 3, playing: false, position: 45, at: now }, 'ana');
    // Our seek to 45 has not landed when the user seeks to 12: the browser fires one seeked.
    player.events = [];
    user((p) => p.seek(12));
    expect(controls()).toMatchObject([{ action: 'seek', position: 12, baseRev: 3 }]);
  });

  it('sends a user seek but not a tiny one', () => {
    user((p) => p.seek(player.currentTime + 0.2));
    expect(sent).toEqual([]);
    user((p) => p.seek(75));
    expect(controls()).toEqual([
      { type: 'control', action: 'seek', position: 75, rate: 1, baseRev: 2 },
    ]);
  });

  it("re-asserts the room's rate when YouTube resets it, but sends the user's own change", () => {
    sync.remoteState({ ...room, rev: 3, playing: true, rate: 1.5, position: 32, at: now }, 'ana');
    flush();
    user((p) => setRateByPage(p, 1));
    expect(player.playbackRate).toBe(1.5);
    expect(sent).toEqual([]);
    userActed = true;
    user((p) => setRateByPage(p, 1));
    expect(controls()).toMatchObject([{ action: 'rate', rate: 1 }]);
  });

  it('sends a change back to 1× made by the member who set the speed', () => {
    user((p) => setRateByPage(p, 1.5));
    sync.remoteState({ ...room, rev: 3, playing: true, rate: 1.5, position: 32, at: now }, 'me');
    flush();
    user((p) => setRateByPage(p, 1));
    expect(controls().map((c) => c.type === 'control' && c.rate)).toEqual([1.5, 1]);
  });

  it("takes a change to 1× long after the room speed arrived as the user's", () => {
    sync.remoteState({ ...room, rev: 3, playing: true, rate: 1.5, position: 32, at: now }, 'ana');
    flush();
    advance(RATE_RESET_WINDOW_MS);
    user((p) => setRateByPage(p, 1));
    expect(controls()).toMatchObject([{ action: 'rate', rate: 1 }]);
  });

  it('sends a speed other than normal even without a click (keyboard shortcuts, page scripts)', () => {
    user((p) => setRateByPage(p, 1.75));
    expect(controls()).toMatchObject([{ action: 'rate', rate: 1.75 }]);
  });

  it('reverts what the page does while a load settles (autoplay)', () => {
    sync.remoteState({ ...room, rev: 3, playing: false, position: 32, at: now }, 'ana');
    flush();
    sync.playerEvent('loadstart');
    user((p) => void p.play());
    expect(sent).toEqual([]);
    expect(player.paused).toBe(true);
  });

  it('ignores what happens during an ad and takes over again after it', () => {
    player.adShowing = true;
    sync.playerEvent('adstart');
    user((p) => {
      p.currentTime = 2;
      p.events.push('seeking', 'seeked');
    });
    expect(sent).toEqual([]);
    player.adShowing = false;
    player.currentTime = 32;
    sync.playerEvent('adend');
    expect(sent).toEqual([]);
    expect(player.paused).toBe(false);
  });
});

describe('PlayerSync drift control', () => {
  beforeEach(() => {
    sync.remoteState({ ...room, rev: 2, playing: true, at: now }, 'ana');
    flush();
    advance(1000);
    player.calls = [];
  });

  /** Shows frames `offset` seconds off the timeline. */
  const start = 10_000;
  function frames(offset: number, count = 8) {
    for (let i = 0; i < count; i++) {
      advance(40);
      player.currentTime = 30 + (now - start) / 1000 + offset;
      player.frameCallback?.(player.currentTime, now);
      sync.tick();
    }
  }

  it('leaves a player inside the deadband alone', () => {
    frames(0.005);
    expect(player.calls).toEqual([]);
    expect(sync.health(false)).toMatchObject({ status: 'in_sync' });
  });

  it('slows a player that is ahead and speeds up one that is behind, within 5 %', () => {
    frames(0.06);
    expect(player.playbackRate).toBeCloseTo(0.97, 3);
    frames(-0.06);
    expect(player.playbackRate).toBeCloseTo(1.03, 3);
    frames(0.5);
    expect(player.playbackRate).toBeCloseTo(0.95, 3);
    expect(sent).toEqual([]);
  });

  it('returns to the room rate once back inside the deadband', () => {
    frames(0.06);
    frames(0.002);
    expect(player.playbackRate).toBe(1);
  });

  it('seeks a player more than a second off, aiming where the timeline will be', () => {
    frames(-1.5);
    expect(player.calls.some((c) => c.startsWith('seek'))).toBe(true);
    expect(sent).toEqual([]);
  });
});

describe('PlayerSync holds, stalls and ready', () => {
  it('holds on the position of a seek barrier and says ready once', () => {
    sync.remoteState({ ...room, rev: 2, playing: true, at: now }, 'ana');
    flush();
    const hold = {
      id: 3,
      reason: 'seek' as const,
      waitingFor: ['me', 'ana'],
      deadline: now + 5000,
    };
    sync.remoteState({ ...room, rev: 3, playing: true, position: 50, at: now, hold }, 'ana');
    flush();
    expect(player.paused).toBe(true);
    expect(player.currentTime).toBe(50);
    expect(sent).toEqual([{ type: 'ready', holdId: 3 }]);
    sync.tick();
    sync.remoteState(
      {
        ...room,
        rev: 4,
        playing: true,
        position: 50,
        at: now,
        hold: { ...hold, waitingFor: ['ana'] },
      },
      'ana',
    );
    expect(sent).toHaveLength(1);
  });

  it('waits to be able to play before saying ready', () => {
    player.readyState = 1;
    const hold = { id: 2, reason: 'seek' as const, waitingFor: ['me'], deadline: now + 5000 };
    sync.remoteState({ ...room, rev: 2, playing: true, position: 50, at: now, hold }, 'ana');
    flush();
    expect(sent).toEqual([]);
    player.readyState = 4;
    sync.playerEvent('canplay');
    expect(sent).toEqual([{ type: 'ready', holdId: 2 }]);
  });

  it('absorbs a short stall and reports a long one once', () => {
    sync.remoteState({ ...room, rev: 2, playing: true, at: now }, 'ana');
    flush();
    sync.tick();
    // What a real element does when the network cannot keep up: no data ahead, no progress.
    player.stalled = true;
    player.readyState = 2;
    for (let i = 0; i < 5; i++) {
      advance(250);
      sync.tick();
    }
    expect(sent).toEqual([]);
    for (let i = 0; i < 4; i++) {
      advance(250);
      sync.tick();
    }
    expect(sent).toEqual([{ type: 'stall' }]);
    expect(sync.health(false).status).toBe('buffering');
    advance(250);
    sync.tick();
    expect(sent).toHaveLength(1);
  });

  it('says ready once the frame is there, even if a paused element loads no further', () => {
    player.readyState = 2;
    const hold = { id: 2, reason: 'seek' as const, waitingFor: ['me'], deadline: now + 5000 };
    sync.remoteState({ ...room, rev: 2, playing: true, position: 50, at: now, hold }, 'ana');
    flush();
    expect(sent).toEqual([{ type: 'ready', holdId: 2 }]);
  });

  it('reports an ad after a stall it recovered from', () => {
    sync.remoteState({ ...room, rev: 2, playing: true, at: now }, 'ana');
    flush();
    sync.tick();
    player.stalled = true;
    player.readyState = 2;
    for (let i = 0; i < 8; i++) {
      advance(250);
      sync.tick();
    }
    expect(sent).toEqual([{ type: 'stall' }]);
    const hold = { id: 3, reason: 'buffering' as const, waitingFor: ['me'], deadline: now + 9e3 };
    const position = player.currentTime;
    sync.remoteState({ ...room, rev: 3, playing: true, position, at: now, hold }, 'me');
    flush();
    expect(sent.at(-1)).toEqual({ type: 'ready', holdId: 3 });
    player.stalled = false;
    player.readyState = 4;
    sync.remoteState({ ...room, rev: 4, playing: true, position, at: now }, 'me');
    flush();
    // The ad starts without its event having been seen (the element was swapped meanwhile).
    player.adShowing = true;
    for (let i = 0; i < 8; i++) {
      advance(250);
      sync.tick();
    }
    expect(sent.at(-1)).toEqual({ type: 'stall' });
  });

  it('catches up alone when the relay holds no one for its stall (Only host controls)', () => {
    sync.remoteState({ ...room, rev: 2, playing: true, at: now }, 'ana');
    flush();
    sync.tick();
    player.stalled = true;
    player.readyState = 2;
    for (let i = 0; i < 12; i++) {
      advance(250);
      sync.tick();
    }
    // Reported once; the relay answers nothing and the room plays on. While the element cannot
    // play, sync does not fight it.
    expect(sent).toEqual([{ type: 'stall' }]);
    expect(player.calls.filter((call) => call.startsWith('seek'))).toEqual([]);
    const behind = player.currentTime;
    player.stalled = false;
    player.readyState = 4;
    advance(250);
    sync.tick();
    // Ready again: straight to where the room is now, then on with it.
    expect(player.currentTime).toBeGreaterThan(behind + 3);
    expect(Math.abs(player.currentTime - (30 + (now - 10_000) / 1000))).toBeLessThan(0.3);
    expect(player.paused).toBe(false);
    expect(sent).toEqual([{ type: 'stall' }]);
  });

  it('makes up a dry buffer with one seek, not a second one as if the room had just started', () => {
    sync.remoteState({ ...room, rev: 2, playing: true, at: now }, 'ana');
    flush();
    const frames = (count: number) => {
      for (let i = 0; i < count; i++) {
        advance(40);
        player.frameCallback?.(player.currentTime, now);
      }
    };
    frames(50);
    sync.tick();
    // The buffer runs dry for 600 ms mid-play, then refills and plays on 0.6 s behind.
    player.stalled = true;
    player.readyState = 2;
    for (let i = 0; i < 3; i++) {
      advance(200);
      sync.tick();
    }
    player.stalled = false;
    player.readyState = 4;
    sync.playerEvent('playing');
    flush();
    expect(player.calls.filter((call) => call.startsWith('seek'))).toHaveLength(1);
    // The seek lands 40 ms late, as one in a refilling buffer does: nudged away, not seeked.
    player.currentTime -= 0.04;
    frames(40);
    expect(player.calls.filter((call) => call.startsWith('seek'))).toHaveLength(1);
  });

  it('reports an ad lasting longer than a short stall', () => {
    sync.remoteState({ ...room, rev: 2, playing: true, at: now }, 'ana');
    flush();
    sync.tick();
    player.adShowing = true;
    sync.playerEvent('adstart');
    expect(sync.health(false).status).toBe('ad');
    advance(1600);
    sync.tick();
    expect(sent).toEqual([{ type: 'stall' }]);
  });
});

describe('PlayerSync at the end of the video', () => {
  /** The element reaching its end: pause (not the user's), then ended. */
  function reachEnd() {
    player.ended = true;
    player.paused = true;
    player.events.push('pause', 'ended');
    flush();
  }

  it("says the room's video ended, without sending a pause", () => {
    const playing = { ...room, rev: 2, item: 0, playing: true, at: now };
    sync.remoteState(playing, 'ana');
    flush();
    reachEnd();
    expect(endings).toEqual([playing]);
    expect(controls()).toEqual([]);
  });

  it('says where it ended, and stops the room there as the user would when asked', () => {
    sync.remoteState({ ...room, rev: 2, playing: true, at: now }, 'ana');
    flush();
    player.currentTime = 212.04;
    reachEnd();
    expect(endPositions).toEqual([212.04]);
    player.calls = [];
    sync.propose({ action: 'pause', position: 212.04, rate: 1 });
    expect(controls()).toEqual([
      { type: 'control', baseRev: 2, action: 'pause', position: 212.04, rate: 1 },
    ]);
    // Confirmed: the room stands on the last frame, and the player stays there.
    sync.remoteState({ ...room, rev: 3, playing: false, position: 212.04, at: now }, 'me');
    flush();
    expect(player.currentTime).toBe(212.04);
    expect(player.calls).not.toContain('play');
  });

  it('does not take the end of an ad, a held room or a paused one for the end', () => {
    const hold = { id: 2, reason: 'seek' as const, waitingFor: ['me'], deadline: now + 5000 };
    sync.remoteState({ ...room, rev: 2, playing: true, at: now, hold }, 'ana');
    reachEnd();
    sync.remoteState({ ...room, rev: 3, playing: false, at: now }, 'ana');
    reachEnd();
    sync.remoteState({ ...room, rev: 4, playing: true, at: now }, 'ana');
    player.adShowing = true;
    reachEnd();
    expect(endings).toEqual([]);
  });
});

describe('PlayerSync in-flight changes', () => {
  it('abandons an unconfirmed change and returns to the room state', () => {
    user((p) => p.seek(80));
    expect(controls()).toHaveLength(1);
    advance(3000);
    sync.tick();
    flush();
    expect(player.currentTime).toBe(30);
  });

  it('takes a user pause right after joining', () => {
    const fresh = makeSync();
    const playing = new FakePlayer();
    void playing.play();
    playing.events = [];
    fresh.attach(playing);
    fresh.joined('me', { ...room, playing: true, position: 0, at: now });
    flush(playing, fresh);
    playing.pause();
    flush(playing, fresh);
    expect(controls().map((c) => c.type === 'control' && c.action)).toEqual(['pause']);
  });

  it('takes user actions in a room joined after the page finished loading', () => {
    const late = new FakePlayer();
    late.readyState = 1;
    const fresh = makeSync();
    fresh.attach(late);
    late.readyState = 4;
    fresh.playerEvent('canplay');
    now += SETTLE_MS;
    fresh.joined('me', { ...room, playing: true, at: now });
    flush(late, fresh);
    late.pause();
    flush(late, fresh);
    expect(controls().map((c) => c.type === 'control' && c.action)).toEqual(['pause']);
  });
});
