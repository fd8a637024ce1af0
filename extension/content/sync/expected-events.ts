/**
 * Expected-event tokens: every command sync gives the player (play, pause, seek, rate) leaves a
 * token, and the event it causes consumes it instead of being taken for the user's own action.
 * @module
 */
import type { PlayerEvent } from './player';

/** Events that arrive later than this were not caused by our command. */
const TOKEN_TTL_MS = 1500;

export class ExpectedEvents {
  #tokens: { event: PlayerEvent; until: number }[] = [];

  expect(event: PlayerEvent, now: number): void {
    this.#tokens.push({ event, until: now + TOKEN_TTL_MS });
  }

  /** True (and the token is used up) if we caused this event. */
  consume(event: PlayerEvent, now: number): boolean {
    this.#tokens = this.#tokens.filter((t) => t.until >= now);
    const index = this.#tokens.findIndex((t) => t.event === event);
    if (index < 0) return false;
    this.#tokens.splice(index, 1);
    return true;
  }

  clear(): void {
    this.#tokens = [];
  }
}
