/**
 * The scripted session every run plays, the same each time: what happens, to whom, and when
 * (as a share of the session's length, so a longer `--duration` stretches the steady parts).
 * @module
 */

/** Who acts: the room's starter is 0 (A), the first joiner 1 (B); `last` is the last peer. */
export type Actor = 0 | 1 | 'last';

export type ScriptStep =
  | { kind: 'pause'; by: Actor }
  | { kind: 'play'; by: Actor }
  | { kind: 'seekBy'; by: Actor; seconds: number }
  | { kind: 'rate'; by: Actor; rate: number }
  /**
   * `by`'s media requests get no bytes for `ms` while `seeker` jumps the room past what `by` has
   * buffered: `by` stalls for real, with nothing in its buffer to play on.
   */
  | { kind: 'stall'; by: Actor; ms: number; seeker: Actor; seekBy: number }
  /** YouTube plays a mid-roll (one client-side ad of `ms`) in that peer's player. */
  | { kind: 'ad'; by: Actor; ms: number }
  /**
   * YouTube asks that peer "Video paused. Continue watching?", as after a long time without
   * input: it pauses the video, and the extension carries on for the room.
   */
  | { kind: 'stillWatching'; by: Actor };

/** A step and its start, in 60ths of the session (the default session lasts 60 s). */
export const SCRIPT: ReadonlyArray<{ at: number; step: ScriptStep; label: string }> = [
  { at: 8, step: { kind: 'pause', by: 0 }, label: 'A pauses' },
  { at: 11, step: { kind: 'play', by: 1 }, label: 'B plays' },
  { at: 17, step: { kind: 'seekBy', by: 0, seconds: 30 }, label: 'A seeks +30 s' },
  { at: 23, step: { kind: 'seekBy', by: 1, seconds: -20 }, label: 'B seeks −20 s' },
  { at: 29, step: { kind: 'rate', by: 1, rate: 1.5 }, label: 'B sets 1.5×' },
  { at: 35, step: { kind: 'rate', by: 0, rate: 1 }, label: 'A sets 1×' },
  {
    at: 41,
    step: { kind: 'stall', by: 'last', ms: 3000, seeker: 0, seekBy: 40 },
    label: 'A seeks +40 s, last peer stalls 3 s',
  },
  { at: 47, step: { kind: 'ad', by: 1, ms: 5000 }, label: 'mid-roll ad 5 s on B' },
  { at: 55, step: { kind: 'stillWatching', by: 0 }, label: '"Continue watching?" on A' },
];

/** Steps YouTube takes on its own: none is a member's change, none makes a revision. */
export function isYouTubeStep(step: ScriptStep): boolean {
  return step.kind === 'ad' || step.kind === 'stillWatching';
}

/** Relay revisions the script should cause: one per play, pause, seek or speed change. */
export const EXPECTED_REVISIONS = SCRIPT.filter((s) => !isYouTubeStep(s.step)).length;

/** How long after an action the room is not judged on steady-state precision. */
export const SETTLE_AFTER_ACTION_MS = 2000;

/**
 * Clip length for a session of `durationS`: playback, the net forward seeks, 1.5× for a sixth
 * of it, the time before the script starts, and a margin, rounded up to whole minutes.
 */
export function clipSecondsFor(durationS: number): number {
  const seeks = SCRIPT.reduce(
    (sum, { step }) =>
      sum + (step.kind === 'seekBy' ? step.seconds : step.kind === 'stall' ? step.seekBy : 0),
    0,
  );
  return Math.max(180, Math.ceil((durationS * 1.1 + seeks + 60) / 60) * 60);
}
