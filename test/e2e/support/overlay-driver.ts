/**
 * Reads and drives the We Watch overlay in a Chromium tab the way assistive technology and a
 * person do. The overlay sits in a closed shadow root, so page-world DOM access (`page.evaluate`,
 * Playwright locators) cannot see into it, by design. Chromium's accessibility tree (CDP
 * `Accessibility.getFullAXTree` on the page's target) lists its nodes by role and accessible name
 * all the same; clicks are real mouse events at a node's centre (`DOM.getBoxModel` of its
 * `backendDOMNodeId`, then `Input.dispatchMouseEvent`) and typing is real key and text input
 * (`DOM.focus`, `Input.insertText`, `Input.dispatchKeyEvent`), so every event is trusted.
 * @module
 */
import type { CDPSession, Page } from 'playwright-core';
import { poll } from './poll';

/** An accessible name: exact text, or a pattern. */
export type Name = string | RegExp;

/** Which node: its role, its accessible name and, to tell alike ones apart, its description. */
export interface Target {
  role: string;
  name: Name;
  /** The `aria-describedby` text, e.g. the member a row's **Remove** button belongs to. */
  description?: Name;
}

/** What the accessibility tree says about a node. */
export interface NodeState {
  role: string;
  name: string;
  description: string;
  /** Form fields: their value. */
  value: string;
  disabled: boolean;
  focused: boolean;
  /** Checkboxes and switches. */
  checked: boolean;
  /** Disclosure buttons (`aria-expanded`); null when the node has no such state. */
  expanded: boolean | null;
}

export interface OverlayDriver {
  /**
   * The overlay's text as a screen reader walks it: each element's run of text on a line of its
   * own, with the names of controls that have no text of their own (a switch, say). Field values
   * are left out (see `valueOf`). Empty when nothing of the overlay shows. With `within`, the
   * text of that node only.
   */
  text(within?: Target): Promise<string>;
  /** The node now, or null. */
  find(target: Target): Promise<NodeState | null>;
  /** Waits for the node (and, with `enabled`, until it is enabled) and returns it. */
  waitFor(target: Target, options?: WaitOptions & { enabled?: boolean }): Promise<NodeState>;
  /** The accessible names of every node with `role` (inside `within`), in order. */
  names(role: string, within?: Target): Promise<string[]>;
  /** The overlay's node that has keyboard focus, or null. */
  focused(): Promise<NodeState | null>;
  /** Clicks the node's centre with real mouse events (trusted, with user activation). */
  click(target: Target, options?: WaitOptions): Promise<void>;
  /**
   * Calls the node's `click()` from the page's own world, as a script that somehow held the
   * element would: the event is not trusted. For tests that such a click does nothing.
   */
  scriptClick(target: Target, options?: WaitOptions): Promise<void>;
  /** Focuses the text field labelled `label` and types `value` over what it holds. */
  fill(label: Name, value: string, options?: WaitOptions): Promise<void>;
  /** Gives the node keyboard focus. */
  focus(target: Target, options?: WaitOptions): Promise<void>;
  /** Presses a key (`Enter`, `Escape`, `Tab`, ` `) on whatever has focus. */
  press(key: string): Promise<void>;
  /** The value of the field with this role and name (a read-only invite key, say). */
  valueOf(role: string, name: Name, options?: WaitOptions): Promise<string>;
  /** The node's HTML attributes, as DevTools' Elements panel shows them. */
  attributes(target: Target, options?: WaitOptions): Promise<Record<string, string>>;
  /**
   * The text of each element matching `selector` in the overlay, from DevTools' DOM view of its
   * closed root: for what the accessibility tree does not show (`aria-hidden` decoration such as
   * the floating reactions) or does not tell apart (markup that must have stayed text).
   */
  domText(selector: string): Promise<string[]>;
}

export interface WaitOptions {
  timeoutMs?: number;
}

interface AxNode {
  nodeId: string;
  ignored: boolean;
  role?: { value?: string };
  name?: { value?: string };
  description?: { value?: string };
  value?: { value?: unknown };
  properties?: Array<{ name: string; value: { value?: unknown } }>;
  childIds?: string[];
  backendDOMNodeId?: number;
}

interface DomNode {
  nodeType: number;
  nodeName: string;
  nodeValue: string;
  backendNodeId: number;
  children?: DomNode[];
  shadowRoots?: DomNode[];
}

/** The overlay's shadow host, as the content script names it. */
export const OVERLAY_HOST = 'we-watch-overlay';
const DEFAULT_TIMEOUT_MS = 10_000;
/** Roles whose own name is what a reader says when they hold no text (`label` wraps a switch). */
const NAMED_CONTROLS = new Set(['switch', 'checkbox', 'radio', 'button']);
const FIELD_ROLES = ['textbox', 'searchbox', 'combobox', 'spinbutton'];
const KEYS: Record<string, { code: string; keyCode: number; text?: string }> = {
  Enter: { code: 'Enter', keyCode: 13, text: '\r' },
  Escape: { code: 'Escape', keyCode: 27 },
  Tab: { code: 'Tab', keyCode: 9 },
  ' ': { code: 'Space', keyCode: 32, text: ' ' },
};

const drivers = new WeakMap<Page, OverlayDriver>();

/** The overlay of `page` (one driver, and one CDP session, per page). */
export function overlay(page: Page): OverlayDriver {
  let driver = drivers.get(page);
  if (!driver) {
    driver = new CdpOverlayDriver(page);
    drivers.set(page, driver);
  }
  return driver;
}

function matches(name: Name, text: string): boolean {
  return typeof name === 'string' ? text === name : name.test(text);
}

function describe(target: Target): string {
  const about = target.description ? ` about ${String(target.description)}` : '';
  return `${target.role} named ${JSON.stringify(String(target.name))}${about}`;
}

class CdpOverlayDriver implements OverlayDriver {
  readonly #page: Page;
  #session: Promise<CDPSession> | null = null;

  constructor(page: Page) {
    this.#page = page;
  }

  async text(within?: Target): Promise<string> {
    const tree = await this.#tree();
    const top = tree && (within ? this.#all(tree).find((n) => is(n, within)) : tree.host);
    if (!tree || !top) return '';
    const lines: string[] = [];
    let lastParent: string | null = null;
    const walk = (node: AxNode, parent: AxNode | null): boolean => {
      const role = node.role?.value ?? '';
      if (FIELD_ROLES.includes(role)) return false;
      let spoke = false;
      if (!node.ignored && role === 'StaticText') {
        const text = node.name?.value ?? '';
        if (parent?.nodeId === lastParent && lines.length > 0) lines[lines.length - 1] += text;
        else lines.push(text);
        lastParent = parent?.nodeId ?? null;
        return text !== '';
      }
      for (const id of node.childIds ?? []) {
        const child = tree.byId.get(id);
        if (child && walk(child, node)) spoke = true;
      }
      if (!spoke && !node.ignored && NAMED_CONTROLS.has(role) && node.name?.value) {
        lines.push(node.name.value);
        lastParent = null;
        spoke = true;
      }
      return spoke;
    };
    walk(top, null);
    return lines
      .map((line) => line.trim())
      .filter(Boolean)
      .join('\n');
  }

  async find(target: Target): Promise<NodeState | null> {
    return (await this.#find(target))?.state ?? null;
  }

  async waitFor(
    target: Target,
    options: WaitOptions & { enabled?: boolean } = {},
  ): Promise<NodeState> {
    return (await this.#waitFor(target, options)).state;
  }

  async names(role: string, within?: Target): Promise<string[]> {
    const tree = await this.#tree();
    if (!tree) return [];
    const all = this.#all(tree);
    const top = within ? all.find((node) => is(node, within)) : tree.host;
    if (!top) return [];
    return this.#all(tree, top)
      .filter((node) => !node.ignored && node.role?.value === role)
      .map((node) => node.name?.value ?? '');
  }

  async focused(): Promise<NodeState | null> {
    const tree = await this.#tree();
    if (!tree) return null;
    const node = this.#all(tree).find(
      (n) =>
        !n.ignored && n.properties?.some((p) => p.name === 'focused' && p.value.value === true),
    );
    return node ? stateOf(node) : null;
  }

  async click(target: Target, options: WaitOptions = {}): Promise<void> {
    const cdp = await this.#cdp();
    const { backendNodeId } = await this.#waitFor(target, { ...options, enabled: true });
    // The click goes to a point, as a person's does: wait until the node is what lies there (the
    // panel may still be laying out content that arrived a moment ago and moves it).
    const point = await poll(
      async () => {
        await cdp.send('DOM.scrollIntoViewIfNeeded', { backendNodeId });
        const { model } = await cdp.send('DOM.getBoxModel', { backendNodeId });
        const [x1, y1, , , x3, y3] = model.content;
        const x = (x1! + x3!) / 2;
        const y = (y1! + y3!) / 2;
        const hit = await cdp.send('DOM.getNodeForLocation', {
          x: Math.round(x),
          y: Math.round(y),
          includeUserAgentShadowDOM: false,
        });
        const inside = await this.#contains(backendNodeId, hit.backendNodeId);
        return inside && { x, y };
      },
      options.timeoutMs ?? DEFAULT_TIMEOUT_MS,
      () => Promise.resolve(`${this.#where()}: the ${describe(target)} is covered or off screen`),
    );
    const mouse = { ...point, button: 'left' as const, clickCount: 1 };
    await cdp.send('Input.dispatchMouseEvent', { ...mouse, type: 'mouseMoved' });
    await cdp.send('Input.dispatchMouseEvent', { ...mouse, type: 'mousePressed' });
    await cdp.send('Input.dispatchMouseEvent', { ...mouse, type: 'mouseReleased' });
  }

  async scriptClick(target: Target, options: WaitOptions = {}): Promise<void> {
    const cdp = await this.#cdp();
    const { backendNodeId } = await this.#waitFor(target, options);
    const { object } = await cdp.send('DOM.resolveNode', { backendNodeId });
    try {
      await cdp.send('Runtime.callFunctionOn', {
        objectId: object.objectId,
        functionDeclaration: 'function () { this.click(); }',
      });
    } finally {
      if (object.objectId) await cdp.send('Runtime.releaseObject', { objectId: object.objectId });
    }
  }

  async fill(label: Name, value: string, options: WaitOptions = {}): Promise<void> {
    const cdp = await this.#cdp();
    const found = await poll(
      async () => {
        for (const role of FIELD_ROLES) {
          const node = await this.#find({ role, name: label });
          if (node) return node;
        }
        return null;
      },
      options.timeoutMs ?? DEFAULT_TIMEOUT_MS,
      async () =>
        `${this.#where()}: no text field labelled ${JSON.stringify(String(label))}; ` +
        `textboxes: ${JSON.stringify(await this.names('textbox'))}`,
    );
    await cdp.send('DOM.focus', { backendNodeId: found.backendNodeId });
    // Select what is there, so the typing replaces it, as a person's Ctrl+A then typing does.
    const selectAll = { key: 'a', code: 'KeyA', windowsVirtualKeyCode: 65, modifiers: 2 };
    await cdp.send('Input.dispatchKeyEvent', {
      ...selectAll,
      type: 'rawKeyDown',
      commands: ['selectAll'],
    });
    await cdp.send('Input.dispatchKeyEvent', { ...selectAll, type: 'keyUp' });
    if (value) await cdp.send('Input.insertText', { text: value });
    else {
      const del = { key: 'Delete', code: 'Delete', windowsVirtualKeyCode: 46 };
      await cdp.send('Input.dispatchKeyEvent', {
        ...del,
        type: 'rawKeyDown',
        commands: ['deleteForward'],
      });
      await cdp.send('Input.dispatchKeyEvent', { ...del, type: 'keyUp' });
    }
  }

  async focus(target: Target, options: WaitOptions = {}): Promise<void> {
    const { backendNodeId } = await this.#waitFor(target, options);
    await (await this.#cdp()).send('DOM.focus', { backendNodeId });
  }

  async press(key: string): Promise<void> {
    const known = KEYS[key];
    if (!known) throw new Error(`press: unknown key ${JSON.stringify(key)}`);
    const cdp = await this.#cdp();
    const event = {
      key,
      code: known.code,
      windowsVirtualKeyCode: known.keyCode,
      nativeVirtualKeyCode: known.keyCode,
    };
    await cdp.send('Input.dispatchKeyEvent', {
      ...event,
      type: known.text ? 'keyDown' : 'rawKeyDown',
      ...(known.text ? { text: known.text, unmodifiedText: known.text } : {}),
    });
    await cdp.send('Input.dispatchKeyEvent', { ...event, type: 'keyUp' });
  }

  async valueOf(role: string, name: Name, options: WaitOptions = {}): Promise<string> {
    return (await this.waitFor({ role, name }, options)).value;
  }

  async attributes(target: Target, options: WaitOptions = {}): Promise<Record<string, string>> {
    const { backendNodeId } = await this.#waitFor(target, options);
    const { node } = await (await this.#cdp()).send('DOM.describeNode', { backendNodeId });
    const flat = node.attributes ?? [];
    const attributes: Record<string, string> = {};
    for (let i = 0; i + 1 < flat.length; i += 2) attributes[flat[i]!] = flat[i + 1]!;
    return attributes;
  }

  async domText(selector: string): Promise<string[]> {
    const cdp = await this.#cdp();
    const { root } = await cdp.send('DOM.getDocument', { depth: -1, pierce: true });
    const host = findDom(root, (node) => node.nodeName.toLowerCase() === OVERLAY_HOST);
    const shadow = host?.shadowRoots?.[0];
    if (!shadow) return [];
    const { nodeIds } = await cdp.send('DOM.pushNodesByBackendIdsToFrontend', {
      backendNodeIds: [shadow.backendNodeId],
    });
    const { nodeIds: found } = await cdp.send('DOM.querySelectorAll', {
      nodeId: nodeIds[0]!,
      selector,
    });
    const texts: string[] = [];
    for (const nodeId of found) {
      const { node } = await cdp.send('DOM.describeNode', { nodeId, depth: -1 });
      texts.push(textOf(node));
    }
    return texts;
  }

  #cdp(): Promise<CDPSession> {
    this.#session ??= this.#page.context().newCDPSession(this.#page);
    return this.#session;
  }

  #where(): string {
    return `overlay on ${this.#page.url()}`;
  }

  /** The page's accessibility tree and, in it, the overlay's shadow host; null without one. */
  async #tree(): Promise<{ host: AxNode; byId: Map<string, AxNode> } | null> {
    const cdp = await this.#cdp();
    const { root } = await cdp.send('DOM.getDocument', { depth: 0 });
    const { nodeId } = await cdp.send('DOM.querySelector', {
      nodeId: root.nodeId,
      selector: OVERLAY_HOST,
    });
    if (!nodeId) return null;
    const { node } = await cdp.send('DOM.describeNode', { nodeId });
    // The host itself is an ignored node, which the full tree leaves out: its own entry says
    // which nodes of the full tree are its children.
    const partial = (await cdp.send('Accessibility.getPartialAXTree', {
      backendNodeId: node.backendNodeId,
      fetchRelatives: false,
    })) as { nodes: AxNode[] };
    const host = partial.nodes.find((n) => n.backendDOMNodeId === node.backendNodeId);
    if (!host) return null;
    const { nodes } = (await cdp.send('Accessibility.getFullAXTree')) as { nodes: AxNode[] };
    return { host, byId: new Map(nodes.map((n) => [n.nodeId, n])) };
  }

  /** The overlay's nodes (or those under `top`) in reading order. */
  #all(tree: { host: AxNode; byId: Map<string, AxNode> }, top = tree.host): AxNode[] {
    const out: AxNode[] = [];
    const walk = (node: AxNode) => {
      out.push(node);
      for (const id of node.childIds ?? []) {
        const child = tree.byId.get(id);
        if (child) walk(child);
      }
    };
    walk(top);
    return out;
  }

  async #find(target: Target): Promise<{ state: NodeState; backendNodeId: number } | null> {
    const tree = await this.#tree();
    if (!tree) return null;
    const node = this.#all(tree).find((candidate) => is(candidate, target));
    if (!node?.backendDOMNodeId) return null;
    return { backendNodeId: node.backendDOMNodeId, state: stateOf(node) };
  }

  async #waitFor(
    target: Target,
    options: WaitOptions & { enabled?: boolean },
  ): Promise<{ state: NodeState; backendNodeId: number }> {
    return poll(
      async () => {
        const found = await this.#find(target);
        return found && (!options.enabled || !found.state.disabled) && found;
      },
      options.timeoutMs ?? DEFAULT_TIMEOUT_MS,
      async () => {
        const found = await this.#find(target).catch(() => null);
        if (found) return `${this.#where()}: the ${describe(target)} stayed disabled`;
        const names = await this.names(target.role).catch(() => []);
        return (
          `${this.#where()}: no ${describe(target)}; ${target.role}s there: ` +
          `${JSON.stringify(names)}; it shows ${JSON.stringify(await this.text().catch(() => ''))}`
        );
      },
    );
  }

  /** Whether the hit-tested DOM node is `backendNodeId` or inside it. */
  async #contains(backendNodeId: number, hit: number): Promise<boolean> {
    if (hit === backendNodeId) return true;
    const { node } = await (
      await this.#cdp()
    ).send('DOM.describeNode', {
      backendNodeId,
      depth: -1,
      pierce: true,
    });
    return findDom(node, (n) => n.backendNodeId === hit) !== null;
  }
}

function is(node: AxNode, target: Target): boolean {
  return (
    !node.ignored &&
    node.backendDOMNodeId !== undefined &&
    node.role?.value === target.role &&
    matches(target.name, node.name?.value ?? '') &&
    (target.description === undefined || matches(target.description, node.description?.value ?? ''))
  );
}

function stateOf(node: AxNode): NodeState {
  const property = (name: string) => node.properties?.find((p) => p.name === name)?.value.value;
  const flag = (name: string) => property(name) === true || property(name) === 'true';
  const expanded = property('expanded');
  const value = node.value?.value;
  return {
    role: node.role?.value ?? '',
    name: node.name?.value ?? '',
    description: node.description?.value ?? '',
    value: typeof value === 'string' || typeof value === 'number' ? String(value) : '',
    disabled: flag('disabled'),
    focused: flag('focused'),
    checked: flag('checked') || flag('pressed'),
    expanded: expanded === undefined ? null : expanded === true || expanded === 'true',
  };
}

function findDom(node: DomNode, test: (node: DomNode) => boolean): DomNode | null {
  if (test(node)) return node;
  for (const child of [...(node.shadowRoots ?? []), ...(node.children ?? [])]) {
    const found = findDom(child, test);
    if (found) return found;
  }
  return null;
}

function textOf(node: DomNode): string {
  if (node.nodeType === 3) return node.nodeValue;
  return (node.children ?? []).map(textOf).join('');
}
