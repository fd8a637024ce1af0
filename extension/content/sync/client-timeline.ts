/**
 * A member's view of the room timeline: which relay states to adopt (revs only go up), and the
 * member's own changes in flight, so a late or stale echo never undoes what the user just did.
 * @module
 */
import type { ControlAction, RoomState } from '../../../shared/protocol';

/** A change not confirmed by the relay after this long is abandoned: the room state wins. */
export const INTENT_TIMEOUT_MS = 2500;

export interface LocalChange {
  action: ControlAction;
  position: number;
  rate: number;
}

interface Intent {
  /** The rev the relay will give the room if it accepts every change we sent. */
  predictedRev: number;
  sentAt: number;
  /** The room as it will be once the relay accepts our changes. */
  optimistic: RoomState;
}

export class ClientTimeline {
  #state: RoomState | null = null;
  #intent: Intent | null = null;
  memberId: string | null = null;

  /** The room's authoritative state as last adopted. */
  get state(): RoomState | null {
    return this.#state;
  }

  /** What the room will look like once our in-flight changes land: judge local events by this. */
  get view(): RoomState | null {
    return this.#intent?.optimistic ?? this.#state;
  }

  /** True while a change of ours is in flight and the player should be left alone. */
  get settling(): boolean {
    return this.#intent !== null;
  }

  /** Forgets revs: after a (re)join the relay's snapshot is the truth, even if its rev is lower. */
  reset(state: RoomState): void {
    this.#state = state;
    this.#intent = null;
  }

  /**
   * Takes a relay state. Returns true when the player should now be brought to `state`.
   */
  receive(state: RoomState, by: string | null): boolean {
    const lastRev = this.#state?.rev ?? 0;
    const intent = this.#intent;
    if (!intent) {
      if (state.rev <= lastRev) return false; // a duplicate, a heartbeat or an old message
      this.#state = state;
      return true;
    }
    if (state.rev >= intent.predictedRev || (by !== this.memberId && state.rev > lastRev)) {
      // Our last change landed, or someone else's got in first (then ours will be refused).
      this.#state = state;
      this.#intent = null;
      return true;
    }
    if (by === this.memberId && state.rev > lastRev) {
      // An earlier change of ours confirmed while later ones are still in flight.
      this.#state = state;
      return false;
    }
    // The relay refused our change (stale base) and told us how the room really is.
    this.#state = state;
    this.#intent = null;
    return true;
  }

  /**
   * Records a change the user made; returns the base rev to send it with. Changes made in quick
   * succession chain on the revs the earlier ones will get.
   */
  beginLocalChange(change: LocalChange, relayNow: number, localNow: number): number | null {
    const base = this.#intent?.optimistic ?? this.#state;
    if (!base) return null;
    const baseRev = this.#intent ? this.#intent.predictedRev : base.rev;
    this.#intent = {
      predictedRev: baseRev + 1,
      sentAt: localNow,
      optimistic: {
        ...base,
        rev: baseRev + 1,
        playing: change.action === 'play' ? true : change.action === 'pause' ? false : base.playing,
        position: change.position,
        rate: change.rate,
        at: relayNow,
      },
    };
    return baseRev;
  }

  /** Abandons a change the relay never confirmed. Returns true if one was abandoned. */
  expireIntent(localNow: number): boolean {
    if (!this.#intent || localNow - this.#intent.sentAt < INTENT_TIMEOUT_MS) return false;
    this.#intent = null;
    return true;
  }
}
