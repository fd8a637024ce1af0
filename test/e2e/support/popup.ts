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
import { poll, POLL_MS } from './poll';

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
  /** The element's `aria-pressed`/`checked` state as the accessibility tree reports it. */
  isPressed(role: string, name: string, options?: WaitOptions): Promise<boolean>;
  /** The accessible names of every element with `role` (inside `options.within`), in order. */
  names(role: string, options?: Pick<WaitOptions, 'within'>): Promise<string[]>;
  /** Chooses the option whose text is `option` in the select labelled `label`. */
  choose(label: string, option: string, options?: WaitOptions): Promise<void>;
  /** Gives the element keyboard focus. */
  focus(role: string, name: string, options?: WaitOptions): Promise<void>;
  /** Presses a key (`Enter`, `Escape`, ` `, `Tab`…) on whatever has focus, as real key events. */
  press(key: string): Promise<void>;
  /** What has keyboard focus: its role and accessible name, and those of its list item. */
  focused(): Promise<{ text: string; item: string | null }>;
  /** Sets the files of the file input with this accessible name (paths on this machine). */
  chooseFiles(name: string, paths: string[], options?: WaitOptions): Promise<void>;
  /** A PNG of the popup as it is drawn. */
  screenshot(): Promise<Buffer>;
  /** The popup's visible text (`document.body.innerText`). */
  text(): Promise<string>;
  /** Resolves with the text once it contains `expected`. */
  waitForText(expected: string | RegExp, timeoutMs?: number): Promise<string>;
  close(): Promise<void>;
}

/** How long to wait for an element to appear (and, to click it, become enabled). */
export interface WaitOptions {
  timeoutMs?: number;
  /** Look only inside the first element with this role and accessible name (say, a list item). */
  within?: { role: string; name: string };
}

/** Key events for `press`, as Chromium's DevTools protocol wants them. */
const KEYS: Record<string, { code: string; keyCode: number; text?: string }> = {
  Enter: { code: 'Enter', keyCode: 13, text: '\r' },
  Escape: { code: 'Escape', keyCode: 27 },
  Tab: { code: 'Tab', keyCode: 9 },
  ' ': { code: 'Space', keyCode: 32, text: ' ' },
  ArrowUp: { code: 'ArrowUp', keyCode: 38 },
  ArrowDown: { code: 'ArrowDown', keyCode: 40 },
  ArrowLeft: { code: 'ArrowLeft', keyCode: 37 },
  ArrowRight: { code: 'ArrowRight', keyCode: 39 },
};

const DEFAULT_TIMEOUT_MS = 10_000;

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
  pressed: boolean;
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
    // The click goes to a point, as a user's does: wait until the element is what is there and
    // has stayed put since the last look (the popup may still be laying out content that arrived
    // a moment ago and moves it).
    let point: [number, number, boolean] = [0, 0, false];
    let settled = false;
    for (let attempt = 0; attempt < 40 && !settled; attempt++) {
      if (attempt > 0) await new Promise((resolve) => setTimeout(resolve, POLL_MS));
      const previous = point;
      point = await this.#call<[number, number, boolean]>(
        found,
        `function () {
          this.scrollIntoView({ block: 'center', inline: 'center' });
          const box = this.getBoundingClientRect();
          const x = box.left + box.width / 2;
          const y = box.top + box.height / 2;
          const there = document.elementFromPoint(x, y);
          return [x, y, there !== null && (there === this || this.contains(there))];
        }`,
      );
      settled = point[2] && previous[2] && point[0] === previous[0] && point[1] === previous[1];
    }
    const [x, y] = point;
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

  async isPressed(role: string, name: string, options?: WaitOptions): Promise<boolean> {
    return (await this.#waitFor(role, name, options)).pressed;
  }

  async names(role: string, options: Pick<WaitOptions, 'within'> = {}): Promise<string[]> {
    const root = await this.#root(options.within);
    if (root === null) return [];
    const { nodes } = await this.#channel.send<{ nodes: AxNode[] }>('Accessibility.queryAXTree', {
      backendNodeId: root,
      role,
    });
    return nodes.filter((n) => !n.ignored).map((n) => n.name?.value ?? '');
  }

  async choose(label: string, option: string, options?: WaitOptions): Promise<void> {
    const found = await this.#waitFor('combobox', label, options);
    const chosen = await this.#call<boolean>(
      found,
      `function (text) {
        const match = [...this.options].find((o) => o.textContent.trim() === text);
        if (!match) return false;
        this.focus();
        this.value = match.value;
        this.dispatchEvent(new Event('input', { bubbles: true }));
        this.dispatchEvent(new Event('change', { bubbles: true }));
        return true;
      }`,
      [option],
    );
    if (!chosen) {
      const offered = await this.#call<string[]>(
        found,
        `function () { return [...this.options].map((o) => o.textContent.trim()); }`,
      );
      throw new Error(
        `${this.#peer} popup: no option ${JSON.stringify(option)} in ${JSON.stringify(label)}; ` +
          `it offers ${JSON.stringify(offered)}`,
      );
    }
  }

  async focus(role: string, name: string, options?: WaitOptions): Promise<void> {
    const found = await this.#waitFor(role, name, options);
    await this.#channel.send('DOM.focus', { backendNodeId: found.backendNodeId });
  }

  async press(key: string): Promise<void> {
    const known = KEYS[key];
    if (!known) throw new Error(`press: unknown key ${JSON.stringify(key)}`);
    const event = {
      key,
      code: known.code,
      windowsVirtualKeyCode: known.keyCode,
      nativeVirtualKeyCode: known.keyCode,
    };
    await this.#channel.send('Input.dispatchKeyEvent', {
      ...event,
      type: known.text ? 'keyDown' : 'rawKeyDown',
      ...(known.text ? { text: known.text, unmodifiedText: known.text } : {}),
    });
    await this.#channel.send('Input.dispatchKeyEvent', { ...event, type: 'keyUp' });
  }

  focused(): Promise<{ text: string; item: string | null }> {
    return this.evaluate(`(() => {
      const element = document.activeElement;
      const item = element?.closest('li');
      const label = item?.getAttribute('aria-label') ??
        (item?.getAttribute('aria-labelledby') &&
          document.getElementById(item.getAttribute('aria-labelledby'))?.textContent) ?? null;
      return { text: element?.getAttribute('aria-label') ?? element?.textContent?.trim() ?? '', item: label };
    })()`);
  }

  async chooseFiles(name: string, paths: string[], options: WaitOptions = {}): Promise<void> {
    // A file input's accessibility node is not found by name in this Chromium: look it up by its
    // label in the DOM instead.
    const expression = `[...document.querySelectorAll('input[type=file]')].find((input) =>
      input.getAttribute('aria-label') === ${JSON.stringify(name)} ||
      [...(input.labels ?? [])].some((label) => label.textContent.trim() === ${JSON.stringify(name)})) ?? null`;
    const objectId = await poll(
      async () => {
        const { result } = await this.#channel.send<{ result: { objectId?: string } }>(
          'Runtime.evaluate',
          { expression },
        );
        return result.objectId;
      },
      options.timeoutMs ?? DEFAULT_TIMEOUT_MS,
      () => Promise.resolve(`${this.#peer} popup: no file input labelled ${JSON.stringify(name)}`),
    );
    try {
      await this.#channel.send('DOM.setFileInputFiles', { files: paths, objectId });
    } finally {
      await this.#channel.send('Runtime.releaseObject', { objectId });
    }
  }

  async screenshot(): Promise<Buffer> {
    const { data } = await this.#channel.send<{ data: string }>('Page.captureScreenshot', {
      format: 'png',
    });
    return Buffer.from(data, 'base64');
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

  /** The node to search under: the document, or the `within` element (null: not there). */
  async #root(within?: WaitOptions['within']): Promise<number | null> {
    if (within) return (await this.#find(within.role, within.name))?.backendNodeId ?? null;
    const { root } = await this.#channel.send<{ root: { backendNodeId: number } }>(
      'DOM.getDocument',
      { depth: 0 },
    );
    return root.backendNodeId;
  }

  /** Finds the element now, or null. */
  async #find(role: string, name: string, within?: WaitOptions['within']): Promise<Found | null> {
    const root = await this.#root(within);
    if (root === null) return null;
    const { nodes } = await this.#channel.send<{ nodes: AxNode[] }>('Accessibility.queryAXTree', {
      backendNodeId: root,
      accessibleName: name,
      role,
    });
    const node = nodes.find((candidate) => !candidate.ignored && candidate.backendDOMNodeId);
    if (!node?.backendDOMNodeId) return null;
    const flag = (property: string) =>
      node.properties?.some(
        (p) => p.name === property && (p.value.value === true || p.value.value === 'true'),
      ) ?? false;
    return {
      backendNodeId: node.backendDOMNodeId,
      disabled: flag('disabled'),
      pressed: flag('pressed') || flag('checked'),
    };
  }

  async #waitFor(
    role: string,
    name: string,
    options: WaitOptions = {},
    ready: (found: Found) => boolean = () => true,
    readiness = '',
  ): Promise<Found> {
    const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
    const { within } = options;
    return poll(
      async () => {
        const found = await this.#find(role, name, within);
        return found && ready(found) && found;
      },
      timeoutMs,
      async () => {
        const found = await this.#find(role, name, within).catch(() => null);
        const inside = within ? ` inside the ${within.role} ${JSON.stringify(within.name)}` : '';
        const what = `${role} named ${JSON.stringify(name)}${inside}`;
        if (found) return `${this.#peer} popup: the ${what} never became ${readiness}`;
        return `${this.#peer} popup: no ${what}; ${role}s there: ${await this.#names(role)}; it shows ${await this.#shows()}`;
      },
    );
  }

  async #waitForAny(roles: string[], name: string, options: WaitOptions = {}): Promise<Found> {
    return poll(
      async () => {
        for (const role of roles) {
          const found = await this.#find(role, name, options.within);
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
