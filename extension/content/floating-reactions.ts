/**
 * Reactions floating over the video: each shows for a couple of seconds, a few at a time.
 * @module
 */
import type { Reaction } from '../../shared/protocol';

export const REACTION_FLOAT_MS = 2000;
/** More at once would only hide the video. */
export const MAX_FLOATING = 12;

export interface FloatingReaction {
  key: number;
  emoji: Reaction;
  name: string;
  /** Local `performance.now()`-style time it arrived. */
  since: number;
  /** Where across the video it rises, 0–1. */
  lane: number;
}

/** The reactions still floating at `now`. */
export function liveReactions(list: readonly FloatingReaction[], now: number): FloatingReaction[] {
  return list.filter((r) => now - r.since < REACTION_FLOAT_MS);
}

/** Adds an arriving reaction, dropping those that have finished and the oldest beyond the cap. */
export function addReaction(
  list: readonly FloatingReaction[],
  reaction: Omit<FloatingReaction, 'since'>,
  now: number,
): FloatingReaction[] {
  return [...liveReactions(list, now), { ...reaction, since: now }].slice(-MAX_FLOATING);
}
