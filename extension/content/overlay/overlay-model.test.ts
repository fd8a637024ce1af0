import { describe, expect, it } from 'vitest';
import { OverlayState, type OverlayModel } from './overlay-model';

function overlay() {
  const timers: { ms: number; run: () => void }[] = [];
  const rendered: OverlayModel[] = [];
  const state = new OverlayState(
    {
      setTimeout: (run, ms) => {
        timers.push({ ms, run });
        return timers.length;
      },
    },
    (model) => rendered.push(model),
  );
  return { state, timers, rendered };
}

describe('OverlayState', () => {
  it('renders every change', () => {
    const { state, rendered } = overlay();
    state.update({ status: 'connected' });
    state.update({ nickname: 'Ana' });
    expect(rendered.map((m) => [m.status, m.nickname])).toEqual([
      ['connected', null],
      ['connected', 'Ana'],
    ]);
  });

  it('shows each refusal under a new key for a few seconds', () => {
    const { state, timers } = overlay();
    state.flash('too_long', 'Too long');
    state.flash('host_only', 'Only the host');
    expect(state.model.flash).toEqual({ code: 'host_only', message: 'Only the host', key: 2 });
    timers.at(-1)?.run();
    expect(state.model.flash).toBe(null);
    expect(timers.at(-1)?.ms).toBe(4000);
  });

  it('floats a reaction and drops it once it has finished', () => {
    const { state, timers } = overlay();
    state.reaction('👍', 'Ana');
    expect(state.model.reactions).toMatchObject([{ key: 1, emoji: '👍', name: 'Ana' }]);
    expect(timers[0]?.ms).toBeGreaterThan(2000);
    const since = state.model.reactions[0]?.since ?? 0;
    state.update({
      reactions: [{ key: 1, emoji: '👍', name: 'Ana', lane: 0, since: since - 3000 }],
    });
    timers[0]?.run();
    expect(state.model.reactions).toEqual([]);
  });

  it('keeps the member list and turns its changes into chat lines', () => {
    const { state } = overlay();
    const ana = { id: 'a', name: 'Ana', host: true, status: 'in_sync' as const, error: null };
    const ben = { ...ana, id: 'b', name: 'Ben', host: false };
    const message = { hostOnly: true, unlisted: 2, letInOnly: false };
    state.members({ type: 'members', members: [ana], ...message });
    state.members({ type: 'members', members: [ana, ben], ...message });
    expect(state.model).toMatchObject({ members: [ana, ben], hostOnly: true, unlisted: 2 });
    expect(state.model.chat.entries).toMatchObject([{ kind: 'system', text: 'Ben joined' }]);
  });

  it('forgets the room on leaving, keeping only why and the nickname', () => {
    const { state } = overlay();
    state.update({ nickname: 'Ana', status: 'knocking', hostOnly: true, memberId: 'a' });
    state.flash('host_only', 'Only the host');
    state.left('Turned away');
    expect(state.model).toMatchObject({
      room: null,
      status: 'connecting',
      notice: 'Turned away',
      hostOnly: false,
      flash: null,
      nickname: 'Ana',
      rejoin: null,
    });
  });

  it('keeps the way back to a room stepped out of, and drops a pending leave question', () => {
    const { state } = overlay();
    state.update({ leaveAsk: 3 });
    state.left('You left the room’s video.', 'aaaaaaaaaa1');
    expect(state.model).toMatchObject({ room: null, rejoin: 'aaaaaaaaaa1', leaveAsk: null });
  });
});
