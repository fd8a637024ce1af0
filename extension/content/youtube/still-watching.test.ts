import { describe, expect, it } from 'vitest';
import { StillWatching } from './still-watching';

function setup(change: { inRoom?: boolean; acted?: boolean; showing?: boolean } = {}) {
  const calls: string[] = [];
  const state = { inRoom: true, acted: false, showing: true, ...change };
  const watch = new StillWatching(
    {
      inRoom: () => state.inRoom,
      userActedRecently: () => state.acted,
      awayChanged: () => calls.push(watch.away ? 'away' : 'back'),
      resume: () => calls.push('resume'),
    },
    {
      showing: () => state.showing,
      confirm: () => {
        calls.push('confirm');
        const was = state.showing;
        state.showing = false;
        return was;
      },
    },
  );
  return { watch, calls, state };
}

describe('StillWatching', () => {
  it("takes a pause with the prompt showing as YouTube's: away, answered, back on the timeline", () => {
    const { watch, calls } = setup();
    expect(watch.paused()).toBe(true);
    expect(watch.away).toBe(true);
    expect(calls).toEqual(['away', 'confirm', 'resume']);
  });

  it('passes any other pause on as the member’s', () => {
    const { watch, calls } = setup({ showing: false });
    expect(watch.paused()).toBe(false);
    expect(watch.away).toBe(false);
    expect(calls).toEqual([]);
  });

  it('takes a pause right after the user’s own input as the user’s, even with the prompt up', () => {
    const { watch, calls } = setup({ acted: true });
    expect(watch.paused()).toBe(false);
    expect(calls).toEqual([]);
  });

  it('leaves the prompt to the user outside a room, and does not pass the pause on either', () => {
    const { watch, calls, state } = setup({ inRoom: false });
    expect(watch.paused()).toBe(true);
    expect(watch.away).toBe(false);
    expect(calls).toEqual([]);
    expect(state.showing).toBe(true);
  });

  it('stays away through further prompts, telling the room once, until the user is back', () => {
    const { watch, calls, state } = setup();
    watch.paused();
    state.showing = true;
    watch.paused();
    expect(calls).toEqual(['away', 'confirm', 'resume', 'confirm', 'resume']);
    watch.userInput();
    watch.userInput();
    expect(watch.away).toBe(false);
    expect(calls.slice(5)).toEqual(['back']);
  });

  it('ignores input while the member is not away', () => {
    const { watch, calls } = setup();
    watch.userInput();
    expect(calls).toEqual([]);
  });
});
