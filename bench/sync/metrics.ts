/**
 * Turns a session's recordings into the benchmark's figures. Every figure is computed on the
 * frames the peers displayed, on the one wall clock they share.
 * @module
 */
import { percentiles, type Percentiles } from '../common/stats';
import { FrameTimeline } from './frame-timeline';
import { EXPECTED_REVISIONS, isYouTubeStep, SETTLE_AFTER_ACTION_MS } from './session-script';
import type { SessionResult } from './session';

/** Grid step for comparing peers at the same instants. */
const GRID_MS = 20;
/** "In sync" for join and recovery: within this of A's displayed position… */
const IN_SYNC_S = 0.04;
/** …continuously for this long. */
const IN_SYNC_HOLD_MS = 1000;
const FRAME_S = 1 / 25;

export interface PeerCounts {
  name: string;
  /** `seeking` events not caused by the script's own seeks (ad restore excluded). */
  seeks: number;
  /** Of those, outside the settle window of every action: corrections in steady play. */
  steadySeeks: number;
  /** `ratechange` events not caused by the script. */
  rateChanges: number;
  steadyRateChanges: number;
}

export interface SessionMetrics {
  /** Spread (max − min of displayed position across peers), ms, steady state only. */
  spread: Percentiles | null;
  /**
   * Per start (the play, and the resumes after each seek, the stall's included): max − min across
   * peers of the wall time of their first advancing frame there, ms.
   */
  starts: Array<{ label: string; skewMs: number | null }>;
  pause: {
    /** Max − min of the paused frames after the snap, ms. */
    positionDiffMs: number | null;
    /** A's pause() call → each other peer's pause event, ms. */
    propagationMs: Array<{ name: string; ms: number | null }>;
  };
  /** Join click → joiner within 40 ms of A for 1 s, ms (null: not within the watch window). */
  joins: Array<{ name: string; ms: number | null }>;
  /** After a stall or an ad, how long until that peer was back in sync with A (or B). */
  recoveries: Array<{ label: string; ms: number | null }>;
  counts: PeerCounts[];
  revisions: {
    /** rev at the end minus rev at the start. */
    delta: number;
    /** One per scripted play, pause, seek or speed change. */
    expected: number;
    /** The first revision after each action. */
    actions: number;
    /** Revisions that set, change or lift a hold (seek barrier, waiting for a stalled member). */
    holds: number;
    /** Anything else: a change nobody scripted (an echo of an applied state, or a stray event). */
    echoes: number;
    /** Revisions missing from the channel (rev delta minus those seen). */
    unseen: number;
  };
}

export function computeMetrics(session: SessionResult): SessionMetrics {
  const timelines = session.recordings.map((r) => new FrameTimeline(r));
  const excluded = exclusionWindows(session);
  const isExcluded = (wall: number): boolean => excluded.some(([a, b]) => wall >= a && wall < b);

  // Spread on a common grid, only where every peer plays steadily.
  const spreads: number[] = [];
  for (let g = session.scriptStart; g < session.scriptEnd; g += GRID_MS) {
    if (isExcluded(g)) continue;
    const positions = timelines.map((t) => t.positionAt(g));
    if (positions.some((p) => p === null)) continue;
    const values = positions as number[];
    spreads.push((Math.max(...values) - Math.min(...values)) * 1000);
  }

  const starts = session.steps
    .filter((s) => s.step.kind === 'play' || s.step.kind === 'seekBy' || s.step.kind === 'stall')
    .map((s) => {
      // A play starts where the actor paused; a seek resumes around its target.
      const around = s.step.kind === 'play' ? s.from : s.to;
      const walls = timelines.map((t) => t.firstStart(s.wall, around - 0.5, around + 5));
      const skewMs = walls.some((w) => w === null)
        ? null
        : Math.max(...(walls as number[])) - Math.min(...(walls as number[]));
      return { label: s.label, skewMs };
    });

  const pauseStep = session.steps.find((s) => s.step.kind === 'pause')!;
  const playStep = session.steps.find((s) => s.step.kind === 'play')!;
  // The frame each peer shows just before play resumes: the pause and any snap are done by then.
  const paused = timelines.map((t) => t.shownAt(playStep.wall - 1));
  const positionDiffMs = paused.some((p) => p === null)
    ? null
    : (Math.max(...(paused as number[])) - Math.min(...(paused as number[]))) * 1000;
  const propagationMs = session.names
    .map((name, index) => ({ name, index }))
    .filter(({ index }) => index !== pauseStep.peer)
    .map(({ name, index }) => {
      const event = session.recordings[index]!.events.find(
        (e) => e.type === 'pause' && e.wall >= pauseStep.wall && e.wall < playStep.wall,
      );
      return { name, ms: event ? event.wall - pauseStep.wall : null };
    });

  const reference = timelines[0]!;
  const joins = [...session.joinClicks].map(([index, click]) => {
    const until = session.joinClicks.get(index + 1) ?? session.scriptStart;
    const inSync = firstInSync(timelines[index]!, reference, click, until);
    return { name: session.names[index]!, ms: inSync === null ? null : inSync - click };
  });

  const recoveries = session.steps
    .filter((s) => s.step.kind === 'stall' || isYouTubeStep(s.step))
    .map((s) => {
      const from = s.step.kind === 'ad' ? s.wall + s.step.ms : s.wall;
      const next = session.steps.find((other) => other.wall > s.wall);
      const until = next?.wall ?? session.scriptEnd;
      const other = timelines[s.peer === 0 ? 1 : 0]!;
      const inSync = firstInSync(timelines[s.peer]!, other, from, until);
      const since =
        s.step.kind === 'ad'
          ? 'after the mid-roll ended'
          : s.step.kind === 'stillWatching'
            ? 'after "Continue watching?"'
            : 'after the stall began';
      return {
        label: `${session.names[s.peer]} ${since}`,
        ms: inSync === null ? null : inSync - from,
      };
    });

  const counts = session.recordings.map((recording, index): PeerCounts => {
    const inScript = recording.events.filter(
      (e) => e.wall >= session.scriptStart && e.wall < session.scriptEnd && !e.scripted && !e.ad,
    );
    const seeks = inScript.filter((e) => e.type === 'seeking');
    const rates = inScript.filter((e) => e.type === 'ratechange');
    return {
      name: session.names[index]!,
      seeks: seeks.length,
      steadySeeks: seeks.filter((e) => !isExcluded(e.wall)).length,
      rateChanges: rates.length,
      steadyRateChanges: rates.filter((e) => !isExcluded(e.wall)).length,
    };
  });

  const delta = session.revEnd - session.revStart;
  const revisions = classifyRevisions(session);
  return {
    spread: percentiles(spreads),
    starts,
    pause: { positionDiffMs, propagationMs },
    joins,
    recoveries,
    counts,
    revisions: {
      delta,
      expected: EXPECTED_REVISIONS,
      ...revisions,
      unseen: delta - session.revisions.length,
    },
  };
}

/**
 * Sorts the relay's revisions: the first one after each scripted action is that action; of the
 * rest, those that set or lift a hold are the relay's barrier bookkeeping; all others are echoes.
 */
function classifyRevisions(session: SessionResult): {
  actions: number;
  holds: number;
  echoes: number;
} {
  const claimed = new Set<number>();
  for (const step of session.steps) {
    if (isYouTubeStep(step.step)) continue;
    const index = session.revisions.findIndex((r, i) => !claimed.has(i) && r.wall >= step.wall);
    if (index >= 0) claimed.add(index);
  }
  let holds = 0;
  let echoes = 0;
  session.revisions.forEach((r, i) => {
    if (claimed.has(i)) return;
    const lifted = i > 0 && session.revisions[i - 1]!.hold && !r.hold;
    if (r.hold || lifted) holds++;
    else echoes++;
  });
  return { actions: claimed.size, holds, echoes };
}

/** Frames of a paused room's position difference, at 25 fps. */
export function inFrames(ms: number): number {
  return ms / 1000 / FRAME_S;
}

/** Wall-time windows not judged as steady state: each action's settle time, stalls, ads, pauses. */
function exclusionWindows(session: SessionResult): Array<[number, number]> {
  const windows: Array<[number, number]> = [];
  for (const s of session.steps) {
    const busyMs = s.step.kind === 'stall' || s.step.kind === 'ad' ? s.step.ms : 0;
    windows.push([s.wall, s.wall + busyMs + SETTLE_AFTER_ACTION_MS]);
  }
  const pause = session.steps.find((s) => s.step.kind === 'pause');
  const play = session.steps.find((s) => s.step.kind === 'play');
  if (pause && play) windows.push([pause.wall, play.wall]);
  return windows;
}

/**
 * First instant in [from, until) from which `peer` stays within IN_SYNC_S of `reference` for
 * IN_SYNC_HOLD_MS, both playing; null if never.
 */
function firstInSync(
  peer: FrameTimeline,
  reference: FrameTimeline,
  from: number,
  until: number,
): number | null {
  let streakStart: number | null = null;
  for (let g = from; g < until; g += GRID_MS) {
    const [p, r] = [peer.positionAt(g), reference.positionAt(g)];
    if (p === null || r === null || Math.abs(p - r) > IN_SYNC_S) {
      streakStart = null;
      continue;
    }
    streakStart ??= g;
    if (g - streakStart >= IN_SYNC_HOLD_MS) return streakStart;
  }
  return null;
}
