import { describe, expect, it } from 'vitest';
import type { RecordedEvent, Recording } from './frame-recorder';
import { computeMetrics } from './metrics';
import type { PerformedStep, PublishedState, SessionResult } from './session';

/** Frames every 40 ms from `from` to `to` (wall ms, both included), showing `media(wall)`. */
function frames(from: number, to: number, media: (wall: number) => number): number[] {
  const out: number[] = [];
  for (let wall = from; wall <= to; wall += 40) out.push(wall, media(wall), 0);
  return out;
}

function event(type: string, wall: number, position = 0): RecordedEvent {
  return { type, wall, position, scripted: false, ad: false };
}

function revision(wall: number, rev: number, hold = false): PublishedState {
  return { wall, rev, playing: true, position: 0, rate: 1, hold, by: null };
}

/**
 * Two peers, the script from 0 to 16 s. A plays from −4 s. B joins at −4 s, shows another place
 * until −2.52 s, then plays 12 ms ahead of A. A pauses at 5 s; B plays at 6.99 s, A's picture
 * moving at 7 s and B's at 7.03 s (B now 18 ms behind). At 12 s A seeks from 20 s to 30 s while B
 * stalls: B shows a picture again at 13 s, 50 ms behind, and is level with A from 13.5 s on.
 */
function session(): SessionResult {
  const a = (wall: number) => 10 + wall / 1000;
  const aAfterPlay = (wall: number) => 15 + (wall - 7000) / 1000;
  const aAfterSeek = (wall: number) => 30 + (wall - 12_040) / 1000;
  const recordingA: Recording = {
    frames: [
      ...frames(-4000, 5000, a),
      ...frames(7000, 12_000, aAfterPlay),
      ...frames(12_040, 16_520, aAfterSeek),
    ],
    events: [event('ratechange', 10_000)],
  };
  const recordingB: Recording = {
    frames: [
      ...frames(-3560, -2560, (wall) => 30 + (wall + 3560) / 1000),
      ...frames(-2520, 5000, (wall) => a(wall) + 0.012),
      ...frames(7030, 11_990, (wall) => 15.012 + (wall - 7030) / 1000),
      ...frames(13_000, 13_480, (wall) => aAfterSeek(wall) - 0.05),
      ...frames(13_500, 16_540, aAfterSeek),
    ],
    events: [event('pause', 5080, 15.012), event('seeking', 13_480)],
  };
  const steps: PerformedStep[] = [
    { label: 'A pauses', step: { kind: 'pause', by: 0 }, peer: 0, wall: 5000, from: 15, to: 15 },
    {
      label: 'B plays',
      step: { kind: 'play', by: 1 },
      peer: 1,
      wall: 6990,
      from: 15.012,
      to: 15.012,
    },
    {
      label: 'A seeks +10 s, B stalls 1 s',
      step: { kind: 'stall', by: 'last', ms: 1000, seeker: 0, seekBy: 10 },
      peer: 1,
      wall: 12_000,
      from: 20,
      to: 30,
    },
  ];
  return {
    names: ['A', 'B'],
    recordings: [recordingA, recordingB],
    joinClicks: new Map([[1, -4000]]),
    scriptStart: 0,
    scriptEnd: 16_000,
    steps,
    revStart: 1,
    revEnd: 6,
    revisions: [
      revision(5010, 2),
      revision(7000, 3),
      revision(12_010, 4, true),
      revision(13_000, 5),
      revision(14_000, 6),
    ],
  };
}

describe('computeMetrics', () => {
  const metrics = computeMetrics(session());

  it('measures the spread only in steady play, outside every settle window', () => {
    // Steady: [0, 5 s) 250 grid points 12 ms apart; [8.99 s, 12 s) 150 points 18 ms apart; [15 s,
    // 16 s) 50 points level. Sorted: 50 × 0, 250 × 12, 150 × 18; p50 is the 225th, p95 the 428th,
    // p99 the 446th.
    const spread = metrics.spread!;
    expect(spread.n).toBe(450);
    expect(spread.p50).toBeCloseTo(12, 6);
    expect(spread.p95).toBeCloseTo(18, 6);
    expect(spread.p99).toBeCloseTo(18, 6);
    expect(spread.max).toBeCloseTo(18, 6);
  });

  it('measures the start skew of a play and of a seek that stalls a peer', () => {
    expect(metrics.starts).toEqual([
      // A's picture moves at 7 s, B's at 7.03 s.
      { label: 'B plays', skewMs: 30 },
      // A runs on from 12.04 s, B from 13 s.
      { label: 'A seeks +10 s, B stalls 1 s', skewMs: 960 },
    ]);
  });

  it('measures the paused frames and the pause reaching the other peer', () => {
    expect(metrics.pause.positionDiffMs).toBeCloseTo(12, 6);
    expect(metrics.pause.propagationMs).toEqual([{ name: 'B', ms: 80 }]);
  });

  it('measures how long a joiner and a stalled peer take to be back in sync', () => {
    // B is within 40 ms of A from −2.52 s, 1.48 s after its Join click, and stays so for 1 s.
    expect(metrics.joins).toEqual([{ name: 'B', ms: 1480 }]);
    // Level with A from 13.5 s: 1.5 s after the stall began (at 13.48 s still 50 ms apart).
    expect(metrics.recoveries).toEqual([{ label: 'B after the stall began', ms: 1500 }]);
  });

  it('counts corrections nobody scripted, and those in steady play', () => {
    expect(metrics.counts).toEqual([
      { name: 'A', seeks: 0, steadySeeks: 0, rateChanges: 1, steadyRateChanges: 1 },
      // B's seek at 13.48 s falls in the stall's settle window.
      { name: 'B', seeks: 1, steadySeeks: 0, rateChanges: 0, steadyRateChanges: 0 },
    ]);
  });

  it('sorts revisions into actions, holds and echoes', () => {
    // Revs 2, 3 and 4 are the pause, the play and the stall's seek; 5 lifts 4's hold; 6 is an echo.
    expect(metrics.revisions).toEqual({
      delta: 5,
      expected: 7,
      actions: 3,
      holds: 1,
      echoes: 1,
      unseen: 0,
    });
  });
});

/**
 * Two peers playing level from 0 to 10 s, but for a pause from 1 s to 2 s; YouTube asks A
 * "Continue watching?" at 3 s: A shows no picture until 3.3 s, then 100 ms behind until 3.6 s,
 * then level again. The revisions are the pause, the play and one echo at 3.4 s.
 */
function askedSession(): SessionResult {
  const media = (wall: number) => 10 + (wall < 1500 ? wall : wall - 1000) / 1000;
  const step = (label: string, kind: 'pause' | 'play' | 'stillWatching', wall: number) => ({
    label,
    step: { kind, by: 0 as const },
    peer: 0,
    wall,
    from: media(wall),
    to: media(wall),
  });
  const steps: PerformedStep[] = [
    step('A pauses', 'pause', 1000),
    step('A plays', 'play', 2000),
    step('"Continue watching?" on A', 'stillWatching', 3000),
  ];
  const level = [...frames(0, 1000, media), ...frames(2000, 10_000, media)];
  return {
    names: ['A', 'B'],
    recordings: [
      {
        frames: [
          ...frames(0, 1000, media),
          ...frames(2000, 3000, media),
          ...frames(3320, 3560, (wall) => media(wall) - 0.1),
          ...frames(3600, 10_000, media),
        ],
        events: [event('pause', 3000, 13), event('play', 3300, 13)],
      },
      { frames: level, events: [] },
    ],
    joinClicks: new Map(),
    scriptStart: 0,
    scriptEnd: 10_000,
    steps,
    revStart: 1,
    revEnd: 4,
    revisions: [revision(1010, 2), revision(2010, 3), revision(3400, 4)],
  };
}

describe('computeMetrics with YouTube asking "Continue watching?"', () => {
  const metrics = computeMetrics(askedSession());

  it('measures how long the asked peer takes to be back in sync', () => {
    expect(metrics.recoveries).toEqual([{ label: 'A after "Continue watching?"', ms: 600 }]);
  });

  it('counts no member action for it: a revision after it is an echo', () => {
    expect(metrics.revisions).toMatchObject({ actions: 2, echoes: 1 });
  });
});
