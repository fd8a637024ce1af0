/**
 * What the overlay can ask the tab to do: `tab-controller.ts` does it, the overlay's components
 * only call it.
 * @module
 */
import type { Reaction } from '../../shared/protocol';

/** What the overlay can ask the tab to do. */
export interface TabController {
  leave: () => void;
  /** "Resync" and "Click to sync" (a user gesture, so playback may start now). */
  resync: () => void;
  /** "Don't wait for me": the room goes on while this member catches up. */
  dontWait: () => void;
  dismissNotice: () => void;
  /** Playlist rooms: play queue entry `to` (next, previous or a pick) for everyone. */
  playItem: (to: number) => void;
  /** At the end of the video: the whole room plays it again from the start. */
  playAgain: () => void;
  /** At the end of the video: the whole room moves to this page's Up next. */
  playNext: () => void;
  sendChat: (text: string) => void;
  react: (emoji: Reaction) => void;
  /** A new nickname, kept for later rooms too. */
  rename: (name: string) => void;
  /** Host only. */
  setHostOnly: (on: boolean) => void;
  handHost: (memberId: string) => void;
  removeMember: (memberId: string) => void;
  setLetInOnly: (on: boolean) => void;
  letIn: (memberId: string) => void;
  deny: (memberId: string) => void;
  dismissFlash: () => void;
  /** The invite prompt's **Join room**: call only for the user's own (trusted) click. */
  acceptInvite: () => void;
  /** The invite prompt's **Not now**. */
  declineInvite: () => void;
  /** "Leave the room?" **Leave room**: out of the room, then the clicked video opens. */
  leaveForVideo: () => void;
  /** "Leave the room?" **Stay**: the click is dropped; the tab stays on the room's video. */
  stay: () => void;
  /** Stepped out: back to the room's video, which rejoins. */
  backToVideo: () => void;
}
