import * as v from 'valibot';
import { describe, expect, it } from 'vitest';
import { BackgroundToTabSchema, type BackgroundToTab } from '../common/tab-messages';
import { backgroundHandlers, dispatchToTab } from './background-handlers';
import { InvitePrompt } from './invite-prompt';
import { OverlayState, type OverlayModel } from './overlay/overlay-model';
import { PlayerSync } from './sync/player-sync';

type Fixtures = { [K in BackgroundToTab['type']]: Extract<BackgroundToTab, { type: K }> };

const member = { id: 'm1', name: 'Ana', host: true, status: 'in_sync' as const, error: 0.01 };
const chat = { id: '1-0', memberId: 'm1', name: 'Ana', text: 'hi', at: 1_700_000_000_000 };

/** One message of every type the background sends a tab, as the background sends it. */
const fixtures: Fixtures = {
  room: {
    type: 'room',
    room: {
      key: 'abcdefghijklmnopqrstuvwxyz',
      youtubeId: 'aaaaaaaaaa1',
      title: 'A video',
      link: 'https://www.youtube.com/watch?v=aaaaaaaaaa1#wewatch=abcdefghijklmnopqrstuvwxyz',
    },
    memberId: 'm1',
  },
  state: {
    type: 'state',
    state: {
      rev: 1,
      videoId: 'aaaaaaaaaa1',
      item: null,
      playing: false,
      position: 30,
      rate: 1,
      at: 1_700_000_000_000,
      hold: null,
    },
    by: null,
    clockOffset: 12,
  },
  clock: { type: 'clock', clockOffset: 15 },
  members: { type: 'members', members: [member], hostOnly: false, unlisted: 0, letInOnly: false },
  knocks: { type: 'knocks', knocks: [{ id: 'k1', name: 'Ben' }] },
  history: { type: 'history', messages: [chat] },
  message: { type: 'message', message: { ...chat, id: '2-0' } },
  reaction: { type: 'reaction', memberId: 'm1', name: 'Ana', emoji: '👍' },
  notice: { type: 'notice', code: 'rate_limited', message: 'Slow down' },
  status: { type: 'status', status: 'connected' },
  left: { type: 'left', message: 'The room was closed' },
};

const schemaTypes = BackgroundToTabSchema.options.map((option) => option.entries.type.literal);

function tab() {
  const rendered: OverlayModel[] = [];
  const overlay = new OverlayState({ setTimeout: () => 0 }, (model) => rendered.push(model));
  const sync = new PlayerSync({
    relayNow: () => 0,
    localNow: () => 0,
    send: () => {},
    autoplayBlocked: () => {},
    userActedRecently: () => false,
    setTimer: () => () => {},
    ended: () => {},
  });
  const clock = { offset: 0 };
  const applied: boolean[] = [];
  const handlers = backgroundHandlers({
    overlay,
    sync,
    invite: new InvitePrompt(),
    setClockOffset: (offset) => (clock.offset = offset),
    stateApplied: (fresh) => applied.push(fresh),
  });
  return { handlers, overlay, sync, clock, rendered, applied };
}

describe('background message handlers', () => {
  it('has one handler for every message type the schema accepts, and no other', () => {
    expect(Object.keys(tab().handlers).sort()).toEqual([...schemaTypes].sort());
  });

  it('has a fixture the schema accepts for every message type', () => {
    expect(Object.keys(fixtures).sort()).toEqual([...schemaTypes].sort());
    for (const fixture of Object.values(fixtures))
      expect(v.safeParse(BackgroundToTabSchema, fixture).issues).toBeUndefined();
  });

  it('handles every fixture', () => {
    const { handlers, rendered } = tab();
    for (const type of schemaTypes)
      expect(() => dispatchToTab(handlers, fixtures[type])).not.toThrow();
    expect(rendered.at(-1)).toMatchObject({ room: null, notice: 'The room was closed' });
  });

  it('joins the sync to the room on the state after a room, as the member it named', () => {
    const { handlers, overlay, sync, clock, applied } = tab();
    dispatchToTab(handlers, fixtures.room);
    dispatchToTab(handlers, fixtures.state);
    dispatchToTab(handlers, fixtures.state);
    // The tab hears of each state once sync has it, the welcome's as fresh.
    expect(applied).toEqual([true, false]);
    expect(sync.timeline.memberId).toBe('m1');
    expect(sync.timeline.state).toEqual(fixtures.state.state);
    expect(overlay.model).toMatchObject({ room: fixtures.room.room, memberId: 'm1' });
    expect(clock.offset).toBe(12);
    dispatchToTab(handlers, fixtures.clock);
    expect(clock.offset).toBe(15);
  });

  it('shows a refusal by its code', () => {
    const { handlers, overlay } = tab();
    dispatchToTab(handlers, fixtures.notice);
    expect(overlay.model.flash).toEqual({ code: 'rate_limited', message: 'Slow down', key: 1 });
  });
});
