/**
 * What the tab does with each message from the background: one handler per message type, so a
 * type added to `BackgroundToTabSchema` does not compile until the tab handles it.
 * @module
 */
import type { BackgroundToTab } from '../common/tab-messages';
import type { InvitePrompt } from './invite-prompt';
import type { OverlayState } from './overlay/overlay-model';
import type { PlayerSync } from './sync/player-sync';

export type BackgroundToTabHandlers = {
  [K in BackgroundToTab['type']]: (message: Extract<BackgroundToTab, { type: K }>) => void;
};

/** What the handlers change: the overlay, the player's sync, the invite prompt, the clock. */
export interface TabParts {
  readonly overlay: OverlayState;
  readonly sync: PlayerSync;
  readonly invite: InvitePrompt;
  /** The background's estimate: add to `monotonicNow()` to get relay time. */
  setClockOffset(offset: number): void;
  /** Sync has taken in a room state (`fresh`: a welcome's snapshot). */
  stateApplied(fresh: boolean): void;
}

export function backgroundHandlers(tab: TabParts): BackgroundToTabHandlers {
  const { overlay, sync, invite } = tab;
  /** Set by a (re)join: the next state is the relay's snapshot, to trust whatever its rev. */
  let joiningAs: string | null = null;
  return {
    room(message) {
      invite.joined(message.room.key);
      overlay.update({
        room: message.room,
        notice: undefined,
        rejoin: null,
        joinPrompt: invite.shown,
      });
      overlay.chat({ type: 'rejoined' });
      joiningAs = message.memberId;
    },
    state(message) {
      tab.setClockOffset(message.clockOffset);
      const fresh = joiningAs !== null;
      if (joiningAs !== null) {
        overlay.update({ memberId: joiningAs });
        sync.joined(joiningAs, message.state);
      } else sync.remoteState(message.state, message.by);
      joiningAs = null;
      tab.stateApplied(fresh);
      overlay.update({
        hold: sync.timeline.state?.hold ?? null,
        item: sync.timeline.state?.item ?? null,
      });
    },
    members(message) {
      overlay.members(message);
    },
    knocks(message) {
      overlay.update({ knocks: message.knocks });
    },
    history(message) {
      overlay.chat({ type: 'history', messages: message.messages });
    },
    message(message) {
      overlay.chat({ type: 'message', message: message.message });
    },
    reaction(message) {
      overlay.reaction(message.emoji, message.name);
    },
    notice(message) {
      if (message.code === 'host_only') {
        // Our change was refused: the room's state stands, so go back to it.
        const state = sync.timeline.state;
        if (state) {
          sync.timeline.reset(state);
          sync.apply();
        }
      }
      overlay.flash(message.code, message.message);
    },
    clock(message) {
      tab.setClockOffset(message.clockOffset);
    },
    status(message) {
      overlay.update({ status: message.status, message: message.message });
    },
    left(message) {
      sync.left();
      joiningAs = null;
      overlay.left(message.message, message.rejoin);
    },
  };
}

/** Hands a message to its type's handler. */
export function dispatchToTab(handlers: BackgroundToTabHandlers, message: BackgroundToTab): void {
  // The mapped type pairs each type with its own message; TypeScript cannot follow the pairing
  // through an indexed access, so the handler is called as taking any message.
  (handlers[message.type] as (message: BackgroundToTab) => void)(message);
}
