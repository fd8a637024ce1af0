/**
 * A member YouTube will not play the room's video to (its country, age, privacy, membership):
 * such a member can never become ready, so it answers every hold that waits for it with "don't
 * wait for me" at once, and the room goes on without it. It stays in the room (chat, reactions)
 * and joins in as soon as the page can play.
 * @module
 */
import type { RoomState } from '../../../shared/protocol';

export class Unplayable {
  #on = false;
  /** The last hold answered, so each is answered once. */
  #answered = 0;

  get on(): boolean {
    return this.#on;
  }

  /** The page shows YouTube's playability error (true) or can play again (false). */
  set(on: boolean): void {
    this.#on = on;
  }

  /** A fresh welcome: holds are answered anew (the relay may have forgotten a lost one). */
  joined(): void {
    this.#answered = 0;
  }

  /**
   * Whether to tell the relay not to wait for member `me` on the room's hold, once per hold. Only
   * while the page shows the room's video (`pageVideo`): a playlist room moving on waits for the
   * next video's page to say whether it plays.
   */
  shouldSayNoWait(state: RoomState | null, me: string | null, pageVideo: string | null): boolean {
    const hold = state?.hold;
    if (!this.#on || !hold || me === null || this.#answered === hold.id) return false;
    if (state.videoId !== pageVideo) return false;
    if (!hold.waitingFor.includes(me)) return false;
    this.#answered = hold.id;
    return true;
  }
}
