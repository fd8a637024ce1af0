/**
 * The caps on holds: one timer per local room for the hold it has now, firing at the hold's
 * deadline. Every node with members in the room keeps one; releasing is idempotent, so the first
 * node to try wins and the others change nothing.
 * @module
 */
import type { RoomState } from '../../shared/protocol';
import type { Log } from '../log';
import type { Clock } from './ports/clock';

/** Pause before trying again after a failed release (Redis unreachable). */
const RETRY_MS = 1000;

/** Releases hold `holdId` of room `rid` if its deadline has passed. */
export type ExpireHold = (rid: string, holdId: number) => Promise<void>;

interface Armed {
  holdId: number;
  timer: ReturnType<typeof setTimeout>;
}

/** Deadline timers, by room id. */
export class HoldDeadlines {
  readonly #armed = new Map<string, Armed>();
  #stopped = false;

  constructor(
    private readonly expire: ExpireHold,
    private readonly clock: Clock,
    private readonly log: Log,
  ) {}

  /** Follows a room's latest state: arms a timer for a new hold and drops it once the hold ends. */
  follow(rid: string, state: RoomState | null): void {
    if (this.#stopped) return;
    const hold = state?.hold ?? null;
    const armed = this.#armed.get(rid);
    if (armed && armed.holdId === hold?.id) return;
    if (armed) clearTimeout(armed.timer);
    this.#armed.delete(rid);
    if (hold) this.#arm(rid, hold.id, hold.deadline, hold.deadline - this.clock.now());
  }

  /** Stops every timer for good (shutdown): members leaving meanwhile must not arm new ones. */
  stop(): void {
    this.#stopped = true;
    for (const { timer } of this.#armed.values()) clearTimeout(timer);
    this.#armed.clear();
  }

  #arm(rid: string, holdId: number, deadline: number, delayMs: number): void {
    const timer = setTimeout(() => void this.#fire(rid, holdId, deadline), Math.max(0, delayMs));
    this.#armed.set(rid, { holdId, timer });
  }

  async #fire(rid: string, holdId: number, deadline: number): Promise<void> {
    // Timers may fire a millisecond early, and the release checks the deadline against our clock.
    const early = deadline - this.clock.now();
    if (early > 0) {
      this.#arm(rid, holdId, deadline, early);
      return;
    }
    try {
      await this.expire(rid, holdId);
      if (this.#armed.get(rid)?.holdId === holdId) this.#armed.delete(rid);
    } catch (error) {
      this.log('hold_expire_failed', { rid, holdId, error: String(error) });
      if (!this.#stopped && this.#armed.get(rid)?.holdId === holdId) {
        this.#arm(rid, holdId, deadline, RETRY_MS);
      }
    }
  }
}
