/**
 * Everything a run started, closed in reverse order exactly once: at the end of the run, on an
 * error, or on Ctrl-C.
 * @module
 */

export class CleanupStack {
  readonly #steps: Array<{ what: string; close: () => Promise<unknown> }> = [];

  /** Registers `close` for something just started; returns `value` for chaining. */
  add<T>(what: string, value: T, close: (value: T) => Promise<unknown>): T {
    this.#steps.push({ what, close: () => close(value) });
    return value;
  }

  #closing: Promise<void> | null = null;

  /**
   * Closes everything, newest first; a step that fails or hangs (10 s) is reported and skipped.
   * Callers during a close (Ctrl-C while a run is cleaning up) wait for that same close.
   */
  closeAll(): Promise<void> {
    this.#closing ??= this.#drain().finally(() => (this.#closing = null));
    return this.#closing;
  }

  async #drain(): Promise<void> {
    for (let step = this.#steps.pop(); step; step = this.#steps.pop()) {
      const { what, close } = step;
      let timer: NodeJS.Timeout | undefined;
      const hung = new Promise<void>((resolve) => {
        timer = setTimeout(() => {
          console.error(`cleanup: closing ${what} took over 10 s; moving on`);
          resolve();
        }, 10_000);
      });
      await Promise.race([
        close().catch((error: unknown) =>
          console.error(`cleanup: closing ${what}: ${String(error)}`),
        ),
        hung,
      ]);
      clearTimeout(timer);
    }
  }
}
