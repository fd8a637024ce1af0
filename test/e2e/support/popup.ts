/**
 * Drives the extension's real toolbar popup, opened by `chrome.action.openPopup()` over the
 * YouTube tab (so "the current tab" inside it is that tab, as for a user). Playwright does not
 * list this popup among the context's pages, so it is driven through raw CDP. Elements are found
 * by role and accessible name in Chromium's accessibility tree: tests see what screen readers see.
 * @module
 */
import type { CDPSession } from 'playwright-core';
import type { Peer } from './browser';
import { CdpTargetChannel } from './cdp-target-channel';

/** The toolbar popup of one peer. */
export interface PopupDriver {
  /** The popup's CDP target id. */
  readonly targetId: string;
  /** Evaluates `expression` in the popup (promises awaited) and returns the value as JSON. */
  evaluate<T>(expression: string): Promise<T>;
  /** Clicks the element with this role and accessible name with a real (trusted) mouse click. */
  click(role: string, name: string, options?: WaitOptions): Promise<void>;
  /** Types `value` into the textbox labelled `label` (as `input` and `change` events). */
  fill(label: string, value: string, options?: WaitOptions): Promise<void>;
  /** The element's `value` (form controls) or its text. */
  valueOf(role: string, name: string, options?: WaitOptions): Promise<string>;
  /** Whether the accessibility tree reports the element as disabled. */
  isDisabled(role: string, name: string, options?: WaitOptions): Promise<boolean>;
  /** The popup's visible text (`document.body.innerText`). */
  text(): Promise<string>;
  /** Resolves with the text once it contains `expected`. */
  waitForText(expected: string | RegExp, timeoutMs?: number): Promise<string>;
  close(): Promise<void>;
}

/** How long to wait for an element to appear (and, to click it, become enabled). */
export interface WaitOptions {
  timeoutMs?: number;
}

const DEFAULT_TIMEOUT_MS = 5_000;
const POLL_MS = 50;

/** Roles that take typed text, tried in order by `fill`. */
const TEXT_ROLES = ['textbox', 'searchbox', 'combobox', 'spinbutton'];

interface AxNode {
  ignored: boolean;
  role?: { value?: string };
  name?: { value?: string };
  properties?: Array<{ name: string; value: { value?: unknown } }>;
  backendDOMNodeId?: number;
}

interface Found {
  backendNodeId: number;
  disabled: boolean;
}

/**
 * Opens the toolbar popup over `tab` (default: the peer's YouTube tab) and attaches to it.
 * Needs the context's Browser object, which Playwright provides for persistent contexts too.
 */
export async function openToolbarPopup(peer: Peer, tab = peer.youtubeTab): Promise<PopupDriver> {
  const browser = peer.context.browser();
  if (!browser) throw new Error(`${peer.name}: no Browser object for a browser-level CDP session`);
  const session = await browser.newBrowserCDPSession();
  try {
    const existing = new Set((await popupTargets(session)).map((target) => target.targetId));
    await tab?.bringToFront();
    await peer.serviceWorker.evaluate('chrome.action.openPopup()');
    const target = await poll(
      async () => (await popupTargets(session)).find((t) => !existing.has(t.targetId)),
      DEFAULT_TIMEOUT_MS,
      () => Promise.resolve(`${peer.name}: the toolbar popup did not open`),
    );
    const channel = await CdpTargetChannel.attach(session, target.targetId);
    const driver = new Driver(peer.name, session, channel, target.targetId);
    await poll(
      async () => (await driver.evaluate<string>('document.readyState')) === 'complete' || null,
      DEFAULT_TIMEOUT_MS,
      () => Promise.resolve(`${peer.name}: the popup did not finish loading`),
    );
    return driver;
  } catch (error) {
    await session.detach().catch(() => undefined);
    throw error;
  }
}

async function popupTargets(session: CDPSession): Promise<Array<{ targetId: string }>> {
  const { targetInfos } = await session.send('Target.getTargets');
  return targetInfos.filter(
    (target) =>
      target.type === 'page' &&
      target.url.startsWith('chrome-extension://') &&
      new URL(target.url).pathname.endsWith('/popup.html'),
  );
}

/** Calls `attempt` until it returns a value (not null/undefined/false), or fails with `explain`. */
async function poll<T>(
  attempt: () => Promise<T | null | undefined | false>,
  timeoutMs: number,
  explain: () => Promise<string>,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let lastError: string | undefined;
  for (;;) {
    try {
      const value = await attempt();
      if (value !== null && value !== undefined && value !== false) return value;
    } catch (error) {
      lastError = error instanceof Error ? error.message : String(error);
    }
    if (Date.now() >= deadline) {
      const cause = lastError ? ` (last error: ${lastError})` : '';
      throw new Error(`${await explain()} after ${timeoutMs} ms${cause}`);
    }
    await new Promise((resolve) => setTimeout(resolve, POLL_MS));
  }
}

class Driver implements PopupDriver {
  readonly #peer: string;
  readonly #session: CDPSession;
  readonly #channel: CdpTargetChannel;
  readonly targetId: string;

  constructor(peer: string, session: CDPSession, channel: CdpTargetChannel, targetId: string) {
    this.#peer = peer;
    this.#session = session;
    this.#channel = channel;
    this.targetId = targetId;
  }

  async evaluate<T>(expression: string): Promise<T> {
    const { result, exceptionDetails } = await this.#channel.send<{
      result: { value?: unknown; description?: string };
      exceptionDetails?: { text: string; exception?: { description?: string } };
    }>('Runtime.evaluate', { expression, returnByValue: true, awaitPromise: true });
    if (exceptionDetails) {
      const detail = exceptionDetails.exception?.description ?? exceptionDetails.text;
      throw new Error(`${this.#peer} popup: ${expression} threw: ${detail}`);
    }
    return result.value as T;
  }

  async click(role: string, name: string, options?: WaitOptions): Promise<void> {
    const found = await this.#waitFor(role, name, options, (node) => !node.disabled, 'enabled');
    const [x, y] = await this.#call<[number, number]>(
      found,
      `function () {
        this.scrollIntoView({ block: 'center', inline: 'center' });
        const box = this.getBoundingClientRect();
        return [box.left + box.width / 2, box.top + box.height / 2];
      }`,
    );
    // Real input events: the click is trusted and carries user activation, as a user's would.
    const mouse = { x, y, button: 'left', clickCount: 1 };
    await this.#channel.send('Input.dispatchMouseEvent', { ...mouse, type: 'mouseMoved' });
    await this.#channel.send('Input.dispatchMouseEvent', { ...mouse, type: 'mousePressed' });
    try {
      await this.#channel.send('Input.dispatchMouseEvent', { ...mouse, type: 'mouseReleased' });
    } catch (error) {
      // A click that closes the popup (say, one that navigates its tab) never gets an answer.
      if (!this.#channel.detachedReason) throw error;
    }
  }

  async fill(label: string, value: string, options?: WaitOptions): Promise<void> {
    const found = await this.#waitForAny(TEXT_ROLES, label, options);
    await this.#call(
      found,
      `function (value) {
        this.focus();
        // The prototype's setter, so frameworks that track the value see a change.
        const setter = Object.getOwnPropertyDescriptor(Object.getPrototypeOf(this), 'value').set;
        setter.call(this, value);
        this.dispatchEvent(new InputEvent('input', { bubbles: true, inputType: 'insertText', data: value }));
        this.dispatchEvent(new Event('change', { bubbles: true }));
      }`,
      [value],
    );
  }

  async valueOf(role: string, name: string, options?: WaitOptions): Promise<string> {
    const found = await this.#waitFor(role, name, options);
    return this.#call<string>(
      found,
      `function () { return 'value' in this ? String(this.value) : this.textContent ?? ''; }`,
    );
  }

  async isDisabled(role: string, name: string, options?: WaitOptions): Promise<boolean> {
    return (await this.#waitFor(role, name, options)).disabled;
  }

  text(): Promise<string> {
    return this.evaluate<string>('document.body ? document.body.innerText : ""');
  }

  async waitForText(expected: string | RegExp, timeoutMs = DEFAULT_TIMEOUT_MS): Promise<string> {
    const matches = (text: string): boolean =>
      typeof expected === 'string' ? text.includes(expected) : expected.test(text);
    return poll(
      async () => {
        const text = await this.text();
        return matches(text) && text;
      },
      timeoutMs,
      async () =>
        `${this.#peer} popup: no text ${String(expected)}; it shows ${await this.#shows()}`,
    );
  }

  async close(): Promise<void> {
    await this.#channel.detach();
    await this.#session.send('Target.closeTarget', { targetId: this.targetId }).catch(() => {
      // The popup closed itself (it does when the tab it belongs to navigates or loses focus).
    });
    await this.#session.detach().catch(() => undefined);
  }

  /** Finds the element now, or null. */
  async #find(role: string, name: string): Promise<Found | null> {
    const { root } = await this.#channel.send<{ root: { backendNodeId: number } }>(
      'DOM.getDocument',
      { depth: 0 },
    );
    const { nodes } = await this.#channel.send<{ nodes: AxNode[] }>('Accessibility.queryAXTree', {
      backendNodeId: root.backendNodeId,
      accessibleName: name,
      role,
    });
    const node = nodes.find((candidate) => !candidate.ignored && candidate.backendDOMNodeId);
    if (!node?.backendDOMNodeId) return null;
    const disabled = node.properties?.some((p) => p.name === 'disabled' && p.value.value === true);
    return { backendNodeId: node.backendDOMNodeId, disabled: disabled ?? false };
  }

  async #waitFor(
    role: string,
    name: string,
    options: WaitOptions = {},
    ready: (found: Found) => boolean = () => true,
    readiness = '',
  ): Promise<Found> {
    const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
    return poll(
      async () => {
        const found = await this.#find(role, name);
        return found && ready(found) && found;
      },
      timeoutMs,
      async () => {
        const found = await this.#find(role, name).catch(() => null);
        const what = `${role} named ${JSON.stringify(name)}`;
        if (found) return `${this.#peer} popup: the ${what} never became ${readiness}`;
        return `${this.#peer} popup: no ${what}; ${role}s there: ${await this.#names(role)}; it shows ${await this.#shows()}`;
      },
    );
  }

  async #waitForAny(roles: string[], name: string, options: WaitOptions = {}): Promise<Found> {
    return poll(
      async () => {
        for (const role of roles) {
          const found = await this.#find(role, name);
          if (found) return found;
        }
        return null;
      },
      options.timeoutMs ?? DEFAULT_TIMEOUT_MS,
      async () =>
        `${this.#peer} popup: no text field labelled ${JSON.stringify(name)}; ` +
        `textboxes there: ${await this.#names('textbox')}; it shows ${await this.#shows()}`,
    );
  }

  async #call<T>(found: Found, functionDeclaration: string, args: unknown[] = []): Promise<T> {
    const { object } = await this.#channel.send<{ object: { objectId: string } }>(
      'DOM.resolveNode',
      { backendNodeId: found.backendNodeId },
    );
    try {
      const { result, exceptionDetails } = await this.#channel.send<{
        result: { value?: unknown };
        exceptionDetails?: { text: string; exception?: { description?: string } };
      }>('Runtime.callFunctionOn', {
        objectId: object.objectId,
        functionDeclaration,
        arguments: args.map((value) => ({ value })),
        returnByValue: true,
        awaitPromise: true,
      });
      if (exceptionDetails) {
        throw new Error(exceptionDetails.exception?.description ?? exceptionDetails.text);
      }
      return result.value as T;
    } finally {
      await this.#channel.send('Runtime.releaseObject', { objectId: object.objectId });
    }
  }

  /** The accessible names of every element with `role`, for error messages. */
  async #names(role: string): Promise<string> {
    try {
      const { root } = await this.#channel.send<{ root: { backendNodeId: number } }>(
        'DOM.getDocument',
        { depth: 0 },
      );
      const { nodes } = await this.#channel.send<{ nodes: AxNode[] }>('Accessibility.queryAXTree', {
        backendNodeId: root.backendNodeId,
        role,
      });
      const names = nodes.filter((n) => !n.ignored).map((n) => JSON.stringify(n.name?.value ?? ''));
      return names.length ? names.join(', ') : 'none';
    } catch (error) {
      return `unknown (${String(error)})`;
    }
  }

  /** The popup's text for error messages, or why it cannot be read. */
  async #shows(): Promise<string> {
    try {
      return JSON.stringify(await this.text());
    } catch (error) {
      return `nothing readable (${String(error)})`;
    }
  }
}
