/**
 * The We Watch overlay in a Firefox tab, over WebDriver BiDi: the counterpart of
 * `overlay-driver.ts` for `firefox.test.ts`. The page cannot reach into the overlay's closed shadow
 * root; BiDi can. The shadow host's serialisation (`includeShadowTree: 'all'`) hands over the
 * closed root; `browsingContext.locateNodes` with an `accessibility` locator, started there, finds
 * controls by role and accessible name (Firefox's accessibility tree); clicks are
 * `input.performActions` pointer actions at the element's centre, which Firefox delivers as
 * trusted input.
 * @module
 */
import type { FirefoxPeer, FirefoxTab } from './firefox';
import { OVERLAY_HOST, type WaitOptions } from './overlay-driver';
import { poll } from './poll';

interface SharedReference {
  sharedId: string;
}

interface NodeValue extends SharedReference {
  value?: { shadowRoot?: SharedReference | null };
}

const DEFAULT_TIMEOUT_MS = 10_000;

export interface FirefoxOverlay {
  /** The text of the overlay's panel (its `innerText`); empty when nothing shows. */
  text(): Promise<string>;
  /** Whether a control with this role and accessible name is there now. */
  has(role: string, name: string): Promise<boolean>;
  /** Waits for the control to be there and enabled, then clicks its centre. */
  click(role: string, name: string, options?: WaitOptions): Promise<void>;
  /** The value of the field with this role and name. */
  valueOf(role: string, name: string, options?: WaitOptions): Promise<string>;
}

export function firefoxOverlay(fox: FirefoxPeer, tab: FirefoxTab = fox.tab): FirefoxOverlay {
  const { bidi } = fox;
  const { context } = tab;

  const shadowRoot = async (): Promise<SharedReference | null> => {
    const { nodes } = await bidi.send<{ nodes: NodeValue[] }>('browsingContext.locateNodes', {
      context,
      locator: { type: 'css', value: OVERLAY_HOST },
      // 'all' includes closed shadow roots: the driver is not the page.
      serializationOptions: { includeShadowTree: 'all', maxDomDepth: 0 },
    });
    return nodes[0]?.value?.shadowRoot ?? null;
  };

  const call = async <T>(declaration: string, node: SharedReference): Promise<T> => {
    const answer = await bidi.send<{
      type: 'success' | 'exception';
      result?: { value?: unknown };
      exceptionDetails?: { text: string };
    }>('script.callFunction', {
      functionDeclaration: declaration,
      arguments: [node],
      target: { context },
      awaitPromise: true,
      resultOwnership: 'none',
    });
    if (answer.type === 'exception')
      throw new Error(`Firefox overlay: ${answer.exceptionDetails?.text ?? 'exception'}`);
    return answer.result?.value as T;
  };

  const locate = async (role: string, name: string): Promise<SharedReference | null> => {
    const root = await shadowRoot();
    if (!root) return null;
    const { nodes } = await bidi.send<{ nodes: NodeValue[] }>('browsingContext.locateNodes', {
      context,
      locator: { type: 'accessibility', value: { role, name } },
      startNodes: [root],
      maxNodeCount: 1,
    });
    return nodes[0] ? { sharedId: nodes[0].sharedId } : null;
  };

  const api: FirefoxOverlay = {
    async text() {
      const root = await shadowRoot();
      if (!root) return '';
      return call<string>(
        `(root) => [...root.querySelectorAll('aside')].map((panel) => panel.innerText).join('\\n')`,
        root,
      );
    },
    async has(role, name) {
      return (await locate(role, name)) !== null;
    },
    async click(role, name, options = {}) {
      const element = await poll(
        async () => {
          const found = await locate(role, name);
          return found && !(await call<boolean>('(el) => el.disabled === true', found)) && found;
        },
        options.timeoutMs ?? DEFAULT_TIMEOUT_MS,
        async () =>
          `Firefox overlay: no enabled ${role} named ${JSON.stringify(name)}; ` +
          `it shows ${JSON.stringify(await api.text().catch(() => ''))}`,
      );
      await bidi.send('input.performActions', {
        context,
        actions: [
          {
            type: 'pointer',
            id: 'mouse',
            parameters: { pointerType: 'mouse' },
            actions: [
              { type: 'pointerMove', x: 0, y: 0, origin: { type: 'element', element } },
              { type: 'pointerDown', button: 0 },
              { type: 'pointerUp', button: 0 },
            ],
          },
        ],
      });
      await bidi.send('input.releaseActions', { context });
    },
    async valueOf(role, name, options = {}) {
      const field = await poll(
        () => locate(role, name),
        options.timeoutMs ?? DEFAULT_TIMEOUT_MS,
        async () =>
          `Firefox overlay: no ${role} named ${JSON.stringify(name)}; ` +
          `it shows ${JSON.stringify(await api.text().catch(() => ''))}`,
      );
      return call<string>('(el) => String(el.value)', field);
    },
  };
  return api;
}
