/**
 * Control-to-delivery latency: a control frame arrives on this node, its script applies it and
 * publishes the new state, and the state comes back on the room's channel to be sent to the
 * members here. The script's answer and the published state arrive on two Redis connections, in
 * either order, so whichever half comes first waits (by room and rev) for the other.
 * @module
 */

/**
 * How long a half waits for its other half. A state from another node's control never pairs, nor
 * does one whose broadcast was lost in an outage: both are forgotten after this.
 */
const PAIR_WINDOW_MS = 10_000;

interface Half {
  side: 'control' | 'delivery';
  /** When the control arrived, or when its state was sent. */
  at: number;
  /** When it started waiting, for forgetting it. */
  since: number;
}

/** Pairs applied controls with the sending of their states, observing the time in between. */
export class ControlLatency {
  /** By `rid rev`, in the order they started waiting. */
  readonly #waiting = new Map<string, Half>();

  constructor(
    private readonly histogram: { observe(seconds: number): void },
    private readonly now: () => number = () => performance.now(),
  ) {}

  /** A control frame arrived; once its script has applied it, say which state it made. */
  received(): { applied(rid: string, rev: number): void } {
    const at = this.now();
    return { applied: (rid, rev) => this.#meet(`${rid} ${rev}`, 'control', at) };
  }

  /** The state `rev` of room `rid` was just sent to the room's members on this node. */
  delivered(rid: string, rev: number): void {
    this.#meet(`${rid} ${rev}`, 'delivery', this.now());
  }

  #meet(key: string, side: Half['side'], at: number): void {
    const now = this.now();
    for (const [waitingKey, half] of this.#waiting) {
      if (now - half.since < PAIR_WINDOW_MS) break;
      this.#waiting.delete(waitingKey);
    }
    const other = this.#waiting.get(key);
    this.#waiting.delete(key);
    if (other === undefined || other.side === side) {
      this.#waiting.set(key, { side, at, since: now });
      return;
    }
    const [control, delivery] = side === 'control' ? [at, other.at] : [other.at, at];
    this.histogram.observe(Math.max(0, delivery - control) / 1000);
  }
}
