/**
 * One "peer": a headless Chromium with its own temporary profile and the extension loaded,
 * browsing the fake youtube.com as if it were the real, public site.
 * @module
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type BrowserContext, type Page, type Worker } from 'playwright-core';
import { YOUTUBE_ORIGIN } from './fake-youtube';

/** How to launch a peer. */
export interface PeerOptions {
  /** Absolute path of the unpacked extension (e.g. `.output/chrome-mv3`). */
  extensionPath: string;
  /** The fake youtube.com's HTTPS port on 127.0.0.1. */
  youtubePort: number;
  /** Shows up in profile paths and error messages. */
  name: string;
  /** Allow media to play without a user gesture. Turn off to test refused autoplay. */
  autoplay?: boolean;
}

/** A running browser with the extension. */
export interface Peer {
  readonly name: string;
  readonly context: BrowserContext;
  readonly extensionId: string;
  /** The extension's service worker (the same object keeps working across restarts). */
  readonly serviceWorker: Worker;
  /** The tab `openYouTube` last opened, if any. */
  readonly youtubeTab: Page | undefined;
  /** Page errors, console errors and warnings from tabs and the service worker, for diagnosis. */
  readonly logs: string[];
  /**
   * Opens `https://www.youtube.com/<path>` (the first call reuses the blank start tab; pass `tab`
   * to navigate an existing one) and resolves once the page has its `<video>`.
   */
  openYouTube(path: string, options?: { tab?: Page }): Promise<Page>;
  /** Closes the browser and deletes its profile. */
  close(): Promise<void>;
}

const CHROMIUM = '/usr/bin/chromium';

/**
 * Chromium's command line for a peer. Note `--ip-address-space-overrides`: it makes the fake site
 * "public" like the real YouTube, so Local Network Access blocks a content script's requests to
 * the relay on localhost just as it would in real use.
 */
export function chromiumArgs(options: PeerOptions): string[] {
  const port = options.youtubePort;
  const args = [
    `--disable-extensions-except=${options.extensionPath}`,
    `--load-extension=${options.extensionPath}`,
    `--host-resolver-rules=MAP youtube.com 127.0.0.1:${port},MAP *.youtube.com 127.0.0.1:${port},` +
      'MAP * ~NOTFOUND,EXCLUDE localhost,EXCLUDE 127.0.0.1',
    `--ip-address-space-overrides=127.0.0.1:${port}=public`,
    '--ignore-certificate-errors',
    '--no-sandbox',
    '--disable-gpu',
    '--disable-quic',
    '--no-first-run',
    '--disable-background-networking',
    '--disable-component-update',
    '--disable-sync',
  ];
  // Never `--disable-features=…`: it would replace the list Playwright passes.
  if (options.autoplay ?? true) args.push('--autoplay-policy=no-user-gesture-required');
  return args;
}

/** Launches a peer and resolves once the extension's service worker is running. */
export async function launchPeer(options: PeerOptions): Promise<Peer> {
  const profile = await mkdtemp(join(tmpdir(), `wewatch-e2e-${options.name}-`));
  let context: BrowserContext;
  try {
    context = await chromium.launchPersistentContext(profile, {
      executablePath: CHROMIUM,
      headless: true,
      ignoreHTTPSErrors: true,
      args: chromiumArgs(options),
    });
  } catch (error) {
    await rm(profile, { recursive: true, force: true });
    throw error;
  }
  const logs: string[] = [];
  const watchPage = (page: Page): void => {
    page.on('pageerror', (error) => logs.push(`[${options.name} page] ${error.message}`));
    page.on('console', (message) => {
      if (message.type() === 'error' || message.type() === 'warning') {
        logs.push(`[${options.name} ${message.type()}] ${message.text()} (${page.url()})`);
      }
    });
  };
  context.pages().forEach(watchPage);
  context.on('page', watchPage);

  let worker: Worker;
  try {
    worker = await extensionWorker(context, options.name);
  } catch (error) {
    await context.close();
    await rm(profile, { recursive: true, force: true });
    throw error;
  }
  worker.on('console', (message) => logs.push(`[${options.name} worker] ${message.text()}`));
  const extensionId = new URL(worker.url()).host;
  context.on('serviceworker', (next) => {
    if (new URL(next.url()).host === extensionId) worker = next;
  });

  let youtubeTab: Page | undefined;
  let startTab: Page | undefined = context.pages().find((page) => page.url() === 'about:blank');
  return {
    name: options.name,
    context,
    extensionId,
    logs,
    get serviceWorker() {
      return worker;
    },
    get youtubeTab() {
      return youtubeTab;
    },
    async openYouTube(path, { tab } = {}) {
      const page = tab ?? startTab ?? (await context.newPage());
      if (page === startTab) startTab = undefined;
      await page.goto(`${YOUTUBE_ORIGIN}/${path.replace(/^\//, '')}`);
      await page.waitForSelector('#movie_player video.html5-main-video', { state: 'attached' });
      youtubeTab = page;
      return page;
    },
    async close() {
      await context.close().catch(() => {
        // Already closed (the browser crashed or a test closed it): the profile still goes.
      });
      await rm(profile, { recursive: true, force: true, maxRetries: 3 });
    },
  };
}

async function extensionWorker(context: BrowserContext, name: string): Promise<Worker> {
  const isExtension = (worker: Worker): boolean => worker.url().startsWith('chrome-extension://');
  const running = context.serviceWorkers().find(isExtension);
  if (running) return running;
  try {
    return await context.waitForEvent('serviceworker', { predicate: isExtension, timeout: 10_000 });
  } catch {
    throw new Error(
      `${name}: the extension's service worker did not start within 10 s ` +
        '(is the path an unpacked MV3 build with a background service worker?)',
    );
  }
}

/** How a stopped service worker comes back in `restartServiceWorker`. */
export type ServiceWorkerWake =
  /** Wait for the extension to wake it itself, e.g. a content script reconnecting its port. */
  | 'extension'
  /** Start it as the "start" link in DevTools' Application panel does. */
  | 'devtools'
  /** Do something that wakes it (open the popup, send a message…). */
  | (() => Promise<unknown>);

interface WorkerVersion {
  versionId: string;
  registrationId: string;
  scriptURL: string;
  runningStatus: 'stopped' | 'starting' | 'running' | 'stopping';
}

/**
 * Stops the extension's service worker as Chromium does when it is idle, then resolves once a new
 * instance runs (the extension's state in globals is gone; `chrome.storage` stays).
 *
 * How: CDP `ServiceWorker.stopWorker` through a page-scoped session (the ServiceWorker domain
 * does not exist on the browser session). `Target.closeTarget` on the worker's target does not
 * stop it in this Chromium: it only detaches DevTools. The worker keeps its DevTools target
 * across the restart, so Playwright's `Worker` object keeps working and evaluates in the new
 * instance.
 */
export async function restartServiceWorker(
  peer: Peer,
  options: { wake?: ServiceWorkerWake; timeoutMs?: number } = {},
): Promise<Worker> {
  const { wake = 'extension', timeoutMs = 10_000 } = options;
  const scopeURL = `chrome-extension://${peer.extensionId}/`;
  const page = peer.context.pages()[0] ?? (await peer.context.newPage());
  const session = await peer.context.newCDPSession(page);
  try {
    const versions = new Map<string, WorkerVersion>();
    const seen: string[] = [];
    const changed: Array<() => void> = [];
    session.on('ServiceWorker.workerVersionUpdated', (event) => {
      for (const version of event.versions as WorkerVersion[]) {
        if (!version.scriptURL.startsWith(scopeURL)) continue;
        versions.set(version.versionId, version);
        seen.push(version.runningStatus);
      }
      changed.splice(0).forEach((notify) => notify());
    });
    const until = async (what: string, done: () => boolean): Promise<void> => {
      const deadline = Date.now() + timeoutMs;
      while (!done()) {
        const left = deadline - Date.now();
        if (left <= 0) {
          throw new Error(
            `${peer.name}: service worker restart: timed out waiting until ${what} ` +
              `(states seen: ${seen.join(' → ') || 'none'})`,
          );
        }
        await new Promise<void>((resolve) => {
          const timer = setTimeout(resolve, Math.min(left, 250));
          changed.push(() => {
            clearTimeout(timer);
            resolve();
          });
        });
      }
    };
    const running = (): WorkerVersion | undefined =>
      [...versions.values()].find((version) => version.runningStatus === 'running');

    await session.send('ServiceWorker.enable');
    await until('the worker runs', () => running() !== undefined);
    const { versionId } = running()!;
    seen.length = 0;
    await session.send('ServiceWorker.stopWorker', { versionId });
    await until('the worker has stopped', () => seen.includes('stopped'));
    if (wake === 'devtools') await session.send('ServiceWorker.startWorker', { scopeURL });
    else if (wake !== 'extension') await wake();
    await until('a new worker runs (who wakes it?)', () => running() !== undefined);
    return peer.serviceWorker;
  } finally {
    await session.detach().catch(() => {
      // The page may have closed meanwhile.
    });
  }
}
