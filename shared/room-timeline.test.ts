import { describe, expect, it } from 'vitest';
import type { RoomState } from './protocol';
import {
  applyCommand,
  createRoomState,
  hostLockRefuses,
  MAX_HOLD_WAITING,
  MAX_POSITION,
  MAX_START_LEAD_MS,
  MIN_START_LEAD_MS,
  scheduledStart,
  type LiveMember,
  type RoomCommand,
  type RoomContext,
  type TimelineResult,
} from './room-timeline';

const NOW = 100_000;
const caps = { seekHoldCapMs: 5000, stallHoldCapMs: 15_000, loadHoldCapMs: 10_000 };
const ana: LiveMember = { id: 'a1', uid: 'uana', rtt: 40 };
const ben: LiveMember = { id: 'b2', uid: 'uben', rtt: 120 };
const guest: LiveMember = { id: 'c3', uid: null, rtt: null };

function context(overrides: Partial<RoomContext> = {}): RoomContext {
  return {
    now: NOW,
    members: [ana, ben, guest],
    host: 'uana',
    hostOnly: false,
    caps,
    ...overrides,
  };
}

const paused: RoomState = {
  rev: 4,
  videoId: 'aaaaaaaaaa1',
  item: null,
  playing: false,
  position: 30,
  rate: 1,
  at: 90_000,
  hold: null,
};
const playing: RoomState = { ...paused, playing: true };
const seekHeld: RoomState = {
  ...playing,
  rev: 5,
  hold: { id: 5, reason: 'seek', waitingFor: ['a1', 'b2'], deadline: NOW + 2000 },
};

function control(
  action: 'play' | 'pause' | 'seek' | 'rate',
  member: LiveMember = ana,
  baseRev = 4,
): RoomCommand {
  return {
    kind: 'control',
    memberId: member.id,
    uid: member.uid,
    baseRev,
    action,
    position: 12,
    rate: 1.5,
  };
}

function applied(result: TimelineResult): RoomState {
  if (!result.ok) throw new Error(`refused: ${result.reason}`);
  return result.state;
}

describe('createRoomState', () => {
  it("starts at rev 1 from the creator's player, or paused at 0", () => {
    expect(
      createRoomState('aaaaaaaaaa1', null, { playing: true, position: 7, rate: 2 }, NOW),
    ).toEqual({ ...paused, rev: 1, playing: true, position: 7, rate: 2, at: NOW });
    expect(createRoomState('aaaaaaaaaa1', 3, undefined, NOW)).toEqual({
      ...paused,
      rev: 1,
      item: 3,
      position: 0,
      at: NOW,
    });
  });
});

describe('scheduled starts', () => {
  it("lead the slowest live member's rtt by 80 ms, within 150 and 600 ms", () => {
    expect(scheduledStart(context())).toBe(NOW + 200);
    expect(scheduledStart(context({ members: [ana] }))).toBe(NOW + MIN_START_LEAD_MS);
    expect(scheduledStart(context({ members: [{ ...ben, rtt: 900 }] }))).toBe(
      NOW + MAX_START_LEAD_MS,
    );
  });

  it('assume 250 ms while nobody has reported a round trip', () => {
    expect(scheduledStart(context({ members: [guest] }))).toBe(NOW + 330);
    expect(scheduledStart(context({ members: [] }))).toBe(NOW + 330);
  });
});

describe('the host-only lock', () => {
  it('refuses anyone but the host while the host is in the room', () => {
    const locked = context({ hostOnly: true });
    expect(hostLockRefuses(locked, 'uben')).toBe(true);
    expect(hostLockRefuses(locked, null)).toBe(true);
    expect(hostLockRefuses(locked, 'uana')).toBe(false);
  });

  it('lapses while it is off, while there is no host, or while the host is away', () => {
    expect(hostLockRefuses(context(), 'uben')).toBe(false);
    expect(hostLockRefuses(context({ hostOnly: true, host: null }), 'uben')).toBe(false);
    expect(hostLockRefuses(context({ hostOnly: true, members: [ben, guest] }), 'uben')).toBe(false);
  });
});

describe('controls', () => {
  it('play sets playing and schedules the start from the given position and rate', () => {
    expect(applyCommand(paused, control('play'), context())).toEqual({
      ok: true,
      by: 'a1',
      state: { ...paused, rev: 5, playing: true, position: 12, rate: 1.5, at: NOW + 200 },
    });
  });

  it('pause clears playing and any hold, at now', () => {
    expect(applied(applyCommand(seekHeld, control('pause', ben, 5), context()))).toEqual({
      ...paused,
      rev: 6,
      position: 12,
      rate: 1.5,
      at: NOW,
    });
  });

  it('a seek while playing holds for the sender first, then every live member', () => {
    const state = applied(applyCommand(playing, control('seek', ben), context()));
    expect(state).toEqual({
      ...playing,
      rev: 5,
      position: 12,
      rate: 1.5,
      at: NOW,
      hold: { id: 5, reason: 'seek', waitingFor: ['b2', 'a1', 'c3'], deadline: NOW + 5000 },
    });
  });

  it('a seek while held replaces the hold; a seek from outside the list still awaits the sender', () => {
    const outsider = { ...guest, id: 'd4' };
    const state = applied(applyCommand(seekHeld, control('seek', outsider, 5), context()));
    expect(state.hold).toEqual({
      id: 6,
      reason: 'seek',
      waitingFor: ['d4', 'a1', 'b2', 'c3'],
      deadline: NOW + 5000,
    });
  });

  it('a seek hold awaits at most 64 members', () => {
    const crowd = Array.from({ length: 80 }, (_, i) => ({ id: `m${i}`, uid: null, rtt: null }));
    const state = applied(applyCommand(playing, control('seek'), context({ members: crowd })));
    expect(state.hold?.waitingFor).toHaveLength(MAX_HOLD_WAITING);
    expect(state.hold?.waitingFor.slice(0, 2)).toEqual(['a1', 'm0']);
  });

  it('a paused seek and a rate change only move the timeline, keeping any hold', () => {
    expect(applied(applyCommand(paused, control('seek'), context()))).toEqual({
      ...paused,
      rev: 5,
      position: 12,
      rate: 1.5,
      at: NOW,
    });
    expect(applied(applyCommand(seekHeld, control('rate', ana, 5), context()))).toEqual({
      ...seekHeld,
      rev: 6,
      position: 12,
      rate: 1.5,
      at: NOW,
    });
  });

  it('refuses a stale rev, and a play while held', () => {
    expect(applyCommand(paused, control('pause', ana, 3), context())).toEqual({
      ok: false,
      reason: 'stale',
    });
    expect(applyCommand(seekHeld, control('play', ana, 5), context())).toEqual({
      ok: false,
      reason: 'held',
    });
  });

  it('refuses a guest under the host-only lock before looking at its rev', () => {
    const locked = context({ hostOnly: true });
    expect(applyCommand(paused, control('play', ben, 1), locked)).toEqual({
      ok: false,
      reason: 'host_only',
    });
    expect(applied(applyCommand(paused, control('play', ana), locked)).playing).toBe(true);
  });
});

describe('ready, nowait and gone', () => {
  it('ready on the named hold takes the member off; the last one out releases it', () => {
    const first = applyCommand(seekHeld, { kind: 'ready', memberId: 'a1', holdId: 5 }, context());
    expect(first).toEqual({
      ok: true,
      by: 'a1',
      state: { ...seekHeld, rev: 6, hold: { ...seekHeld.hold!, waitingFor: ['b2'] } },
    });
    const last = applied(
      applyCommand(applied(first), { kind: 'ready', memberId: 'b2', holdId: 5 }, context()),
    );
    expect(last).toEqual({ ...seekHeld, rev: 7, hold: null, at: NOW + 200 });
  });

  it('a release while paused restarts nothing: at is now', () => {
    const heldPaused: RoomState = {
      ...seekHeld,
      playing: false,
      hold: { ...seekHeld.hold!, waitingFor: ['a1'] },
    };
    expect(
      applied(applyCommand(heldPaused, { kind: 'nowait', memberId: 'a1' }, context())),
    ).toEqual({ ...heldPaused, rev: 6, hold: null, at: NOW });
  });

  it('ignores ready on another hold, and anyone the hold does not await', () => {
    expect(applyCommand(seekHeld, { kind: 'ready', memberId: 'a1', holdId: 4 }, context())).toEqual(
      { ok: false, reason: 'no_hold' },
    );
    expect(applyCommand(seekHeld, { kind: 'nowait', memberId: 'c3' }, context())).toEqual({
      ok: false,
      reason: 'not_waiting',
    });
    expect(applyCommand(playing, { kind: 'gone', memberId: 'a1' }, context())).toEqual({
      ok: false,
      reason: 'no_hold',
    });
  });

  it('a member gone is taken off by nobody', () => {
    const result = applyCommand(seekHeld, { kind: 'gone', memberId: 'b2' }, context());
    expect(result.ok && result.by).toBeNull();
  });
});

describe('stalls', () => {
  const stall = (member: LiveMember): RoomCommand => ({
    kind: 'stall',
    memberId: member.id,
    uid: member.uid,
  });

  it('hold the room where it should be now, for the member who stalled', () => {
    expect(applyCommand({ ...playing, rate: 2 }, stall(ben), context())).toEqual({
      ok: true,
      by: 'b2',
      state: {
        ...playing,
        rate: 2,
        rev: 5,
        position: 50,
        at: NOW,
        hold: { id: 5, reason: 'buffering', waitingFor: ['b2'], deadline: NOW + 15_000 },
      },
    });
  });

  it('before a scheduled start hold at the position, and never beyond the last second', () => {
    const early = applied(applyCommand({ ...playing, at: NOW + 300 }, stall(ana), context()));
    expect([early.position, early.at]).toEqual([30, NOW]);
    const late = applied(
      applyCommand({ ...playing, position: MAX_POSITION - 1, at: 0 }, stall(ana), context()),
    );
    expect(late.position).toBe(MAX_POSITION);
  });

  it('join an existing hold once, up to 64 members', () => {
    const joined = applied(applyCommand(seekHeld, stall(guest), context()));
    expect(joined).toEqual({
      ...seekHeld,
      rev: 6,
      hold: { ...seekHeld.hold!, waitingFor: ['a1', 'b2', 'c3'] },
    });
    expect(applyCommand(seekHeld, stall(ana), context())).toEqual({
      ok: false,
      reason: 'already_waiting',
    });
    const ids = Array.from({ length: MAX_HOLD_WAITING }, (_, i) => `m${i}`);
    const full: RoomState = { ...seekHeld, hold: { ...seekHeld.hold!, waitingFor: ids } };
    expect(applyCommand(full, stall(ana), context())).toEqual({ ok: false, reason: 'hold_full' });
  });

  it('are ignored while paused, and from guests under the host-only lock', () => {
    expect(applyCommand(paused, stall(ana), context())).toEqual({ ok: false, reason: 'paused' });
    expect(applyCommand(playing, stall(ben), context({ hostOnly: true }))).toEqual({
      ok: false,
      reason: 'host_only',
    });
  });
});

describe('hold deadlines', () => {
  it('release the hold they name once they have come', () => {
    const at = context({ now: NOW + 2000 });
    expect(applyCommand(seekHeld, { kind: 'expire', holdId: 5 }, at)).toEqual({
      ok: true,
      by: null,
      state: { ...seekHeld, rev: 6, hold: null, at: NOW + 2200 },
    });
    expect(applyCommand(seekHeld, { kind: 'expire', holdId: 5 }, context())).toEqual({
      ok: false,
      reason: 'early',
    });
    expect(applyCommand(seekHeld, { kind: 'expire', holdId: 4 }, at)).toEqual({
      ok: false,
      reason: 'no_hold',
    });
  });
});

describe('queue moves', () => {
  const inPlaylist: RoomState = { ...seekHeld, item: 2 };
  const move = (member: LiveMember, from = 2): RoomCommand => ({
    kind: 'select',
    memberId: member.id,
    uid: member.uid,
    from,
    to: 3,
    videoId: 'bbbbbbbbbb2',
  });

  it('hold at 0 on the new video, playing, until every live member has loaded it', () => {
    expect(applyCommand({ ...inPlaylist, playing: false }, move(guest), context())).toEqual({
      ok: true,
      by: 'c3',
      state: {
        ...inPlaylist,
        rev: 6,
        item: 3,
        videoId: 'bbbbbbbbbb2',
        position: 0,
        playing: true,
        at: NOW,
        hold: { id: 6, reason: 'load', waitingFor: ['c3', 'a1', 'b2'], deadline: NOW + 10_000 },
      },
    });
  });

  it('happen once: only from the entry playing, only in a playlist room', () => {
    expect(applyCommand(inPlaylist, move(ana, 1), context())).toEqual({
      ok: false,
      reason: 'moved',
    });
    expect(applyCommand(seekHeld, move(ana), context())).toEqual({ ok: false, reason: 'moved' });
  });

  it('are refused to guests under the host-only lock, after the entry check', () => {
    const locked = context({ hostOnly: true });
    expect(applyCommand(inPlaylist, move(ben), locked)).toEqual({ ok: false, reason: 'host_only' });
    expect(applyCommand(inPlaylist, move(ben, 1), locked)).toEqual({ ok: false, reason: 'moved' });
    expect(applied(applyCommand(inPlaylist, move(ana), locked)).item).toBe(3);
  });
});

describe('moves to another video (Play next together)', () => {
  const atEnd: RoomState = { ...paused, position: 212.04 };
  const next = (
    member: LiveMember,
    from = 'aaaaaaaaaa1',
    to = 'bbbbbbbbbb2',
    title = 'Sync Test Pattern B',
  ): RoomCommand => ({
    kind: 'move',
    memberId: member.id,
    uid: member.uid,
    from,
    videoId: to,
    title,
  });

  it('hold at 0 on the new video, playing, until every live member has loaded it', () => {
    expect(applyCommand(atEnd, next(ben), context())).toEqual({
      ok: true,
      by: 'b2',
      state: {
        ...atEnd,
        rev: 5,
        videoId: 'bbbbbbbbbb2',
        title: 'Sync Test Pattern B',
        position: 0,
        playing: true,
        at: NOW,
        hold: { id: 5, reason: 'load', waitingFor: ['b2', 'a1', 'c3'], deadline: NOW + 10_000 },
      },
    });
  });

  it('keep the title through later changes, and replace it on the next move', () => {
    const moved = applied(applyCommand(atEnd, next(ana), context()));
    const pausedThere = applied(applyCommand(moved, control('pause', ana, 5), context()));
    expect(pausedThere.title).toBe('Sync Test Pattern B');
    const again = applied(
      applyCommand(pausedThere, next(ana, 'bbbbbbbbbb2', 'ccccccccc03', 'C'), context()),
    );
    expect(again).toMatchObject({ videoId: 'ccccccccc03', title: 'C', item: null });
  });

  it('happen once: only from the video the room is on, never in a playlist room', () => {
    const moved = applied(applyCommand(atEnd, next(ana), context()));
    // Ben pressed it too, from the video the room has just left.
    expect(applyCommand(moved, next(ben, 'aaaaaaaaaa1', 'dddddddddd4'), context())).toEqual({
      ok: false,
      reason: 'moved',
    });
    expect(applyCommand({ ...atEnd, item: 0 }, next(ana), context())).toEqual({
      ok: false,
      reason: 'moved',
    });
  });

  it('are refused to guests under the host-only lock, after the video check', () => {
    const locked = context({ hostOnly: true });
    expect(applyCommand(atEnd, next(ben), locked)).toEqual({ ok: false, reason: 'host_only' });
    expect(applyCommand(atEnd, next(ben, 'ccccccccc03'), locked)).toEqual({
      ok: false,
      reason: 'moved',
    });
    expect(applied(applyCommand(atEnd, next(ana), locked)).videoId).toBe('bbbbbbbbbb2');
  });
});
