/**
 * Runs an action per key at most once per gap, never dropping the last request.
 * @module
 */

/**
 * The first request for a key runs at once; requests during the following `gapMs` fold into one
 * run at its end (which starts a gap of its own). Only keys inside a gap are remembered.
 */
export class KeyedThrottle<K> {
  readonly #cooling = new Map<K, { pending: boolean; timer: ReturnType<typeof setTimeout> }>();
  #stopped = false;

  constructor(
    private readonly gapMs: number,
    private readonly run: (key: K) => void,
  ) {}

  /** Asks for a run for `key`: now, or at the end of the key's gap. */
  request(key: K): void {
    if (this.#stopped) return;
    const cooling = this.#cooling.get(key);
    if (cooling) cooling.pending = true;
    else this.#fire(key);
  }

  /** Drops every pending run (shutdown). */
  stop(): void {
    this.#stopped = true;
    for (const { timer } of this.#cooling.values()) clearTimeout(timer);
    this.#cooling.clear();
  }

  #fire(key: K): void {
    const entry = {
      pending: false,
      timer: setTimeout(() => {
        this.#cooling.delete(key);
        if (entry.pending) this.#fire(key);
      }, this.gapMs),
    };
    this.#cooling.set(key, entry);
    this.run(key);
  }
}
