/**
 * The slice of WXT's content script context the tab's code needs (timers and listeners die with
 * it): a plain interface, so the units that take it run without WXT.
 * @module
 */

export interface TabContext {
  readonly isValid: boolean;
  setInterval(handler: () => void, timeout: number): number;
  setTimeout(handler: () => void, timeout: number): number;
  addEventListener(
    target: EventTarget,
    type: string,
    handler: (event: Event) => void,
    options?: AddEventListenerOptions,
  ): void;
  onInvalidated(cb: () => void): () => void;
}
