/**
 * The room timeline as a pure function: a room's state, a command and the room around it (the
 * clock, the live members, the host-only lock, the hold caps) give the next state, or the reason
 * nothing changes. This is the definition of play, pause, seek, rate, holds, queue moves, moves
 * to another video and the host-only lock; the Lua scripts in `server/redis/lua/` do the same atomically in Redis, and a
 * differential test (`test/integration/room-timeline.test.ts`) holds them to it.
 * @module
 */
import type { Hold, PlayerSnapshot, RoomState } from './protocol';
import type { RoomCommand, RoomContext, Refusal, TimelineResult } from './room-commands';
import { expectedPosition } from './timeline';
import {
  MAX_HOLD_WAITING,
  MAX_POSITION,
  MAX_START_LEAD_MS,
  MIN_START_LEAD_MS,
  START_LEAD_MARGIN_MS,
  UNKNOWN_RTT_MS,
} from './timeline-limits';

export * from './timeline-limits';
export type * from './room-commands';

/**
 * A room's first state (rev 1), from the creator's player, or paused at 0 at normal speed; a
 * playlist room starts on queue entry `item`.
 */
export function createRoomState(
  videoId: string,
  item: number | null,
  initial: PlayerSnapshot | undefined,
  now: number,
): RoomState {
  const start = initial ?? { playing: false, position: 0, rate: 1 };
  return { rev: 1, videoId, item, ...start, at: now, hold: null };
}

/**
 * True when the host-only lock refuses a playback change from user `uid`: the lock is on, `uid`
 * is not the host, and the host has a live member in the room. While the host is away the lock
 * lapses, so a room is never stuck.
 */
export function hostLockRefuses(context: RoomContext, uid: string | null): boolean {
  const { host } = context;
  if (!context.hostOnly || host === null || host === uid) return false;
  return context.members.some((member) => member.uid === host);
}

/** A start far enough ahead (relay ms) for the slowest live member to hear of it in time. */
export function scheduledStart(context: RoomContext): number {
  let slowest: number | null = null;
  for (const { rtt } of context.members) {
    if (rtt !== null && (slowest === null || rtt > slowest)) slowest = rtt;
  }
  const lead = Math.min(
    Math.max((slowest ?? UNKNOWN_RTT_MS) + START_LEAD_MARGIN_MS, MIN_START_LEAD_MS),
    MAX_START_LEAD_MS,
  );
  return context.now + lead;
}

/** The next state, or the reason `command` changes nothing. */
export function applyCommand(
  state: RoomState,
  command: RoomCommand,
  context: RoomContext,
): TimelineResult {
  switch (command.kind) {
    case 'control':
      return control(state, command, context);
    case 'ready':
      return stopWaiting(state, command.memberId, command.holdId, command.memberId, context);
    case 'nowait':
      return stopWaiting(state, command.memberId, null, command.memberId, context);
    case 'gone':
      return stopWaiting(state, command.memberId, null, null, context);
    case 'stall':
      return stall(state, command, context);
    case 'expire':
      return expire(state, command.holdId, context);
    case 'select':
      return select(state, command, context);
    case 'move':
      return move(state, command, context);
  }
}

/**
 * Play sets `playing` and schedules the start; pause clears `playing` and any hold; a seek while
 * playing holds the room for every live member (the sender first), replacing any hold; rate and
 * a paused seek only move the timeline. Position and rate come from the control, and all but
 * play stamp `at` = now.
 */
function control(
  state: RoomState,
  command: Extract<RoomCommand, { kind: 'control' }>,
  context: RoomContext,
): TimelineResult {
  if (hostLockRefuses(context, command.uid)) return refuse('host_only');
  if (state.rev !== command.baseRev) return refuse('stale');
  if (command.action === 'play' && state.hold) return refuse('held');
  const rev = state.rev + 1;
  const next: RoomState = {
    ...state,
    rev,
    position: command.position,
    rate: command.rate,
    at: context.now,
  };
  if (command.action === 'play') {
    next.playing = true;
    next.at = scheduledStart(context);
  } else if (command.action === 'pause') {
    next.playing = false;
    next.hold = null;
  } else if (command.action === 'seek' && state.playing) {
    next.hold = hold(rev, 'seek', context.now + context.caps.seekHoldCapMs, [
      command.memberId,
      ...context.members.map((member) => member.id),
    ]);
  }
  return changed(next, command.memberId);
}

/**
 * The hold no longer waits for `memberId` (ready on hold `holdId`; nowait or gone on whichever is
 * set); the last one out releases it.
 */
function stopWaiting(
  state: RoomState,
  memberId: string,
  holdId: number | null,
  by: string | null,
  context: RoomContext,
): TimelineResult {
  const current = state.hold;
  if (!current || (holdId !== null && holdId !== current.id)) return refuse('no_hold');
  if (!current.waitingFor.includes(memberId)) return refuse('not_waiting');
  const waitingFor = current.waitingFor.filter((id) => id !== memberId);
  const next: RoomState = { ...state, rev: state.rev + 1, hold: { ...current, waitingFor } };
  return changed(waitingFor.length === 0 ? release(next, context) : next, by);
}

/**
 * Without a hold, holds the room where it should be now; with one, adds the member to those
 * awaited. Ignored while paused, and from anyone but the host while the host-only lock applies:
 * a guest who stalls again and again must not stop the host's room; it waits alone and catches
 * up.
 */
function stall(
  state: RoomState,
  command: Extract<RoomCommand, { kind: 'stall' }>,
  context: RoomContext,
): TimelineResult {
  if (!state.playing) return refuse('paused');
  if (hostLockRefuses(context, command.uid)) return refuse('host_only');
  const current = state.hold;
  const rev = state.rev + 1;
  if (current) {
    if (current.waitingFor.includes(command.memberId)) return refuse('already_waiting');
    if (current.waitingFor.length >= MAX_HOLD_WAITING) return refuse('hold_full');
    const waitingFor = [...current.waitingFor, command.memberId];
    return changed({ ...state, rev, hold: { ...current, waitingFor } }, command.memberId);
  }
  const deadline = context.now + context.caps.stallHoldCapMs;
  const next: RoomState = {
    ...state,
    rev,
    position: Math.min(expectedPosition(state, context.now), MAX_POSITION),
    at: context.now,
    hold: hold(rev, 'buffering', deadline, [command.memberId]),
  };
  return changed(next, command.memberId);
}

/** Releases hold `holdId` once its deadline has come, so any number of nodes may try. */
function expire(state: RoomState, holdId: number, context: RoomContext): TimelineResult {
  if (!state.hold || state.hold.id !== holdId) return refuse('no_hold');
  if (context.now < state.hold.deadline) return refuse('early');
  return changed(release({ ...state, rev: state.rev + 1 }, context), null);
}

/**
 * Moves a playlist room to another queue entry, only while it is on entry `from` (so members
 * reaching the end together move it once): it loads the new video (see `loadOn`).
 */
function select(
  state: RoomState,
  command: Extract<RoomCommand, { kind: 'select' }>,
  context: RoomContext,
): TimelineResult {
  if (state.item === null || state.item !== command.from) return refuse('moved');
  if (hostLockRefuses(context, command.uid)) return refuse('host_only');
  return loadOn({ ...state, item: command.to, videoId: command.videoId }, command, context);
}

/**
 * Moves a room that plays one video to another video, only while it is on video `from` (so two
 * members pressing Play next together at once move it once): it loads the new video, whose
 * title the room keeps from now on (see `loadOn`).
 */
function move(
  state: RoomState,
  command: Extract<RoomCommand, { kind: 'move' }>,
  context: RoomContext,
): TimelineResult {
  if (state.item !== null || state.videoId !== command.from) return refuse('moved');
  if (hostLockRefuses(context, command.uid)) return refuse('host_only');
  const { videoId, title } = command;
  return loadOn({ ...state, videoId, title }, command, context);
}

/**
 * The room on its new video: it holds at 0, playing, until every live member (the sender first)
 * has loaded it.
 */
function loadOn(
  moved: RoomState,
  sender: { memberId: string },
  context: RoomContext,
): TimelineResult {
  const rev = moved.rev + 1;
  const next: RoomState = {
    ...moved,
    rev,
    position: 0,
    playing: true,
    at: context.now,
    hold: hold(rev, 'load', context.now + context.caps.loadHoldCapMs, [
      sender.memberId,
      ...context.members.map((member) => member.id),
    ]),
  };
  return changed(next, sender.memberId);
}

/** A hold awaiting `candidates` (sender first), each once, at most `MAX_HOLD_WAITING`. */
function hold(id: number, reason: Hold['reason'], deadline: number, candidates: string[]): Hold {
  const waitingFor: string[] = [];
  for (const candidate of candidates) {
    if (waitingFor.length < MAX_HOLD_WAITING && !waitingFor.includes(candidate)) {
      waitingFor.push(candidate);
    }
  }
  return { id, reason, waitingFor, deadline };
}

/** Ends the hold: a playing room starts again from the hold's position at a scheduled instant. */
function release(state: RoomState, context: RoomContext): RoomState {
  return { ...state, hold: null, at: state.playing ? scheduledStart(context) : context.now };
}

function changed(state: RoomState, by: string | null): TimelineResult {
  return { ok: true, state, by };
}

function refuse(reason: Refusal): TimelineResult {
  return { ok: false, reason };
}
