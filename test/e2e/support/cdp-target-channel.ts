/**
 * Raw CDP to a target Playwright does not expose (the extension's toolbar popup), tunnelled
 * through a browser-level session with `Target.sendMessageToTarget`.
 * @module
 */
import type { CDPSession } from 'playwright-core';

interface Pending {
  method: string;
  resolve(result: unknown): void;
  reject(error: Error): void;
}

/** One attached target; `send` speaks CDP to it as if it had its own session. */
export class CdpTargetChannel {
  readonly #browser: CDPSession;
  readonly #sessionId: string;
  readonly #pending = new Map<number, Pending>();
  #nextId = 1;
  #detached: string | null = null;

  private constructor(browser: CDPSession, sessionId: string) {
    this.#browser = browser;
    this.#sessionId = sessionId;
    browser.on('Target.receivedMessageFromTarget', this.#onMessage);
    browser.on('Target.detachedFromTarget', this.#onDetached);
  }

  /**
   * Attaches to `targetId` through `browser`. Non-flat mode on purpose: a flat session needs a
   * `sessionId` at the top level of each message, which Playwright's CDPSession cannot add, so
   * messages travel inside `Target.sendMessageToTarget` instead.
   */
  static async attach(browser: CDPSession, targetId: string): Promise<CdpTargetChannel> {
    const { sessionId } = await browser.send('Target.attachToTarget', { targetId, flatten: false });
    return new CdpTargetChannel(browser, sessionId);
  }

  /** Why the target went away, or null while attached. */
  get detachedReason(): string | null {
    return this.#detached;
  }

  /** Sends one CDP command to the target and resolves with its result. */
  send<T>(method: string, params: Record<string, unknown> = {}): Promise<T> {
    if (this.#detached) return Promise.reject(new Error(`${method}: ${this.#detached}`));
    const id = this.#nextId++;
    const result = new Promise<unknown>((resolve, reject) => {
      this.#pending.set(id, { method, resolve, reject });
    });
    const message = JSON.stringify({ id, method, params });
    this.#browser
      .send('Target.sendMessageToTarget', { sessionId: this.#sessionId, message })
      .catch((error: unknown) =>
        this.#settle(id, undefined, `could not be sent: ${String(error)}`),
      );
    return result as Promise<T>;
  }

  /** Detaches (the target itself stays open). */
  async detach(): Promise<void> {
    if (this.#detached) return;
    this.#close('detached by the test');
    await this.#browser
      .send('Target.detachFromTarget', { sessionId: this.#sessionId })
      .catch(() => {
        // Already gone with its target.
      });
  }

  #onMessage = (event: { sessionId: string; message: string }): void => {
    if (event.sessionId !== this.#sessionId) return;
    const message = JSON.parse(event.message) as {
      id?: number;
      result?: unknown;
      error?: { message: string; data?: string };
    };
    if (message.id === undefined) return; // An event; nothing here subscribes to any.
    const error = message.error && `${message.error.message} ${message.error.data ?? ''}`.trim();
    this.#settle(message.id, message.result, error);
  };

  #onDetached = (event: { sessionId: string }): void => {
    if (event.sessionId === this.#sessionId) this.#close('the target went away');
  };

  #settle(id: number, result: unknown, error: string | undefined): void {
    const pending = this.#pending.get(id);
    if (!pending) return;
    this.#pending.delete(id);
    if (error) pending.reject(new Error(`${pending.method}: ${error}`));
    else pending.resolve(result);
  }

  #close(reason: string): void {
    this.#detached = reason;
    this.#browser.off('Target.receivedMessageFromTarget', this.#onMessage);
    this.#browser.off('Target.detachedFromTarget', this.#onDetached);
    for (const [id] of this.#pending) this.#settle(id, undefined, reason);
  }
}
