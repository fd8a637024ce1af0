/**
 * What one member may send per second beyond the frame budget: chat messages, reactions and
 * renames. Members live on one node for their whole life, so their budgets can live here too.
 * @module
 */
import { TokenBucket } from './token-bucket';

/** Reactions a member may send: 3 in a burst, 3 per 2 s on average; extra ones are dropped. */
const REACTIONS_PER_SECOND = 1.5;
const REACTION_BURST = 3;

/**
 * Renames a member's list entry takes: 3 in a burst, then one every 2 s. Renames beyond that are
 * not lost: the newest waits for the next one allowed.
 */
const RENAMES_PER_SECOND = 0.5;
const RENAME_BURST = 3;

/** The per-member chat budget: `burst` messages at once, one more every `refillMs`. */
export interface ChatBudget {
  burst: number;
  refillMs: number;
}

/** One member's chat, reaction and rename budgets. */
export class MemberBudget {
  readonly #chat: TokenBucket;
  readonly #reactions = new TokenBucket(REACTIONS_PER_SECOND, REACTION_BURST, performance.now());
  // A rename makes every member's list change: unbounded, it would be a broadcast amplifier.
  readonly #renames = new TokenBucket(RENAMES_PER_SECOND, RENAME_BURST, performance.now());
  /** The newest rename over the budget, and the timer that applies it. */
  #pendingName: string | null = null;
  #renameTimer: ReturnType<typeof setTimeout> | undefined;

  constructor(chat: ChatBudget) {
    this.#chat = new TokenBucket(1000 / chat.refillMs, chat.burst, performance.now());
  }

  /** Spends one chat message; false when the budget is used up. */
  mayChat(): boolean {
    return this.#chat.take(performance.now());
  }

  /** Spends one reaction; false when the budget is used up. */
  mayReact(): boolean {
    return this.#reactions.take(performance.now());
  }

  /**
   * Calls `apply` with `name` within the rename budget: now, or (the newest name only) once the
   * budget allows one more, if `stillWanted` then.
   */
  rename(name: string, apply: (name: string) => void, stillWanted: () => boolean): void {
    if (this.#renameTimer === undefined && this.#renames.take(performance.now())) {
      apply(name);
      return;
    }
    this.#pendingName = name;
    this.#renameTimer ??= setTimeout(() => {
      this.#renameTimer = undefined;
      const pending = this.#pendingName;
      this.#pendingName = null;
      if (pending !== null && stillWanted()) this.rename(pending, apply, stillWanted);
    }, 1000 / RENAMES_PER_SECOND);
  }

  /** Drops a pending rename (the socket is gone). */
  stop(): void {
    clearTimeout(this.#renameTimer);
  }
}
