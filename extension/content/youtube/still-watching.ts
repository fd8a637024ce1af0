/**
 * "Video paused. Continue watching?": after a long time without input YouTube opens that prompt
 * and then pauses the video. That pause is not the member's: it must not pause the room. In a
 * room the prompt is answered at once, so the member stays on the room's timeline, and the member
 * counts as away (for everyone's list) until the next click, key press or scroll on the page.
 * Outside a room YouTube's prompt is left to the user.
 * @module
 */
import type { TabContext } from '../tab-context';
import { confirmStillWatching, findStillWatchingConfirm } from './still-watching-prompt';

/** Input that only a person at the page gives (not mouse moves: the browser makes up some). */
const PRESENCE_INPUT = ['pointerdown', 'keydown', 'wheel'] as const;

export interface StillWatchingHooks {
  inRoom(): boolean;
  /** Whether the user pressed a key or a pointer on the page in the last moments. */
  userActedRecently(): boolean;
  /** The member went away or came back: tell the room now rather than at the next report. */
  awayChanged(): void;
  /** Put the player back on the room's timeline (after the prompt was answered). */
  resume(): void;
}

/** The prompt as the page shows it (the DOM in the tab, a fake in unit tests). */
export interface StillWatchingPrompt {
  showing(): boolean;
  /** Answers it with its confirm button; false if it is not showing. */
  confirm(): boolean;
}

export class StillWatching {
  #away = false;

  constructor(
    private readonly hooks: StillWatchingHooks,
    private readonly prompt: StillWatchingPrompt,
  ) {}

  /** YouTube paused for want of input and the user has not been back on the page since. */
  get away(): boolean {
    return this.#away;
  }

  /**
   * The video paused: whether YouTube's prompt did it (then the pause is not passed on as the
   * member's). A pause with the user's own input just before is the user's, prompt or not.
   */
  paused(): boolean {
    if (!this.prompt.showing() || this.hooks.userActedRecently()) return false;
    if (!this.hooks.inRoom()) return true;
    if (!this.#away) {
      this.#away = true;
      this.hooks.awayChanged();
    }
    this.prompt.confirm();
    // Answered or not, the room plays on here: the sync brings the player back on its timeline.
    this.hooks.resume();
    return true;
  }

  /** A click, key press or scroll on the page: the user is here. */
  userInput(): void {
    if (!this.#away) return;
    this.#away = false;
    this.hooks.awayChanged();
  }
}

/** The prompt in this tab's page, and the user's trusted input on it. */
export function startStillWatching(ctx: TabContext, hooks: StillWatchingHooks): StillWatching {
  const watch = new StillWatching(hooks, {
    showing: () => findStillWatchingConfirm() !== null,
    confirm: () => confirmStillWatching(),
  });
  for (const type of PRESENCE_INPUT)
    ctx.addEventListener(
      window,
      type,
      (event) => {
        if (event.isTrusted) watch.userInput();
      },
      { capture: true, passive: true },
    );
  return watch;
}
