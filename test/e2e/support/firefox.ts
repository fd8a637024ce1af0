/**
 * A Firefox peer: Debian's headless `firefox-esr` with its own temporary profile and the
 * extension installed as a temporary add-on, driven over WebDriver BiDi (`bidi.ts`) and browsing
 * the fake youtube.com.
 *
 * Chromium reaches the fake site with `--host-resolver-rules`, which also maps the port; Firefox
 * has no such switch. Here a PAC script sends youtube.com hosts to a small CONNECT proxy that
 * tunnels them to the fake site's port (and every other host but localhost to a dead end, like
 * Chromium's `MAP * ~NOTFOUND`); the session's `acceptInsecureCerts` takes the self-signed
 * certificate.
 * @module
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import { connect, type AddressInfo, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { connectBiDi, type BiDiConnection } from './bidi';

export const FIREFOX = '/usr/bin/firefox-esr';

/** The Firefox ESR version, or null when it is not installed. */
export function firefoxVersion(): string | null {
  if (!existsSync(FIREFOX)) return null;
  const run = spawnSync(FIREFOX, ['--version'], { encoding: 'utf8', timeout: 20_000 });
  return run.status === 0 ? run.stdout.trim() : null;
}

export interface FirefoxPeerOptions {
  /** Absolute path of the unpacked extension (`.output/firefox-mv3`). */
  extensionPath: string;
  /** The add-on's id (`browser_specific_settings.gecko.id`). */
  extensionId: string;
  /** The fake youtube.com's HTTPS port on 127.0.0.1. */
  youtubePort: number;
  name: string;
  /** Extra `user.js` preferences. */
  prefs?: Record<string, string | number | boolean>;
}

/** A browsing context (tab) of the Firefox peer. */
export interface FirefoxTab {
  readonly context: string;
  /** Navigates and waits for the load to complete. */
  goto(url: string): Promise<void>;
  /** The tab's URL as the browser reports it. */
  url(): Promise<string>;
  /**
   * Runs `fn` (a function without free variables) in the page's own world and returns its
   * JSON-serialisable result. `args` are passed as JSON.
   */
  evaluate<T, A extends unknown[] = []>(
    fn: (...args: A) => T | Promise<T>,
    ...args: A
  ): Promise<Awaited<T>>;
}

export interface FirefoxPeer {
  readonly name: string;
  readonly bidi: BiDiConnection;
  /** `moz-extension://<uuid>`: fixed per profile so the test can open extension pages. */
  readonly extensionOrigin: string;
  /** The tab Firefox started with. */
  readonly tab: FirefoxTab;
  /** Console messages and page errors of the peer's pages, for diagnosis. */
  readonly logs: string[];
  close(): Promise<void>;
}

/** The PAC script: youtube.com hosts through `proxyPort`, localhost direct, the rest nowhere. */
function pacScript(proxyPort: number): string {
  return `function FindProxyForURL(url, host) {
  if (host === 'youtube.com' || dnsDomainIs(host, '.youtube.com')) return 'PROXY 127.0.0.1:${proxyPort}';
  if (host === 'localhost' || host === '127.0.0.1') return 'DIRECT';
  return 'PROXY 127.0.0.1:9';
}`;
}

/** A CONNECT-only proxy that tunnels every youtube.com host to the fake site. */
async function startYouTubeTunnel(youtubePort: number): Promise<Server> {
  const sockets = new Set<Socket>();
  const server = createServer((_request, response) => response.writeHead(403).end());
  server.on('connect', (request, client: Socket, head: Buffer) => {
    const host = (request.url ?? '').split(':')[0] ?? '';
    if (host !== 'youtube.com' && !host.endsWith('.youtube.com')) {
      client.end('HTTP/1.1 403 Forbidden\r\n\r\n');
      return;
    }
    const upstream = connect(youtubePort, '127.0.0.1', () => {
      client.write('HTTP/1.1 200 Connection Established\r\n\r\n');
      if (head.length > 0) upstream.write(head);
      upstream.pipe(client);
      client.pipe(upstream);
    });
    for (const socket of [client, upstream]) {
      sockets.add(socket);
      socket.on('close', () => sockets.delete(socket));
      // A browser aborting a media request resets the tunnel: not an error here.
      socket.on('error', () => {
        client.destroy();
        upstream.destroy();
      });
    }
  });
  server.on('close', () => sockets.forEach((socket) => socket.destroy()));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return server;
}

function userJs(prefs: Record<string, string | number | boolean>): string {
  return Object.entries(prefs)
    .map(([name, value]) => `user_pref(${JSON.stringify(name)}, ${JSON.stringify(value)});`)
    .join('\n');
}

/** Waits for Firefox to print where its BiDi server listens. */
function bidiAddress(child: ChildProcess, output: string[]): Promise<string> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new Error(`Firefox did not start BiDi within 30 s:\n${output.join('')}`)),
      30_000,
    );
    const onData = (chunk: Buffer) => {
      output.push(chunk.toString());
      const found = /WebDriver BiDi listening on (ws:\/\/\S+)/.exec(output.join(''));
      if (found) {
        clearTimeout(timer);
        resolve(found[1]!.replace(/\/$/, ''));
      }
    };
    child.stderr?.on('data', onData);
    child.stdout?.on('data', onData);
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`Firefox exited (${code}) before BiDi started:\n${output.join('')}`));
    });
  });
}

interface EvaluateResult {
  type: 'success' | 'exception';
  result?: { type: string; value?: unknown };
  exceptionDetails?: { text: string };
}

function tabIn(bidi: BiDiConnection, context: string): FirefoxTab {
  return {
    context,
    async goto(url) {
      await bidi.send('browsingContext.navigate', { context, url, wait: 'complete' });
    },
    async url() {
      const tree = await bidi.send<{ contexts: Array<{ context: string; url: string }> }>(
        'browsingContext.getTree',
        { root: context, maxDepth: 0 },
      );
      return tree.contexts[0]?.url ?? '';
    },
    async evaluate(fn, ...args) {
      const expression = `(async () => JSON.stringify(await (${fn.toString()})(...${JSON.stringify(args)}) ?? null))()`;
      const answer = await bidi.send<EvaluateResult>('script.evaluate', {
        expression,
        target: { context },
        awaitPromise: true,
        resultOwnership: 'none',
      });
      if (answer.type === 'exception')
        throw new Error(`evaluate in Firefox: ${answer.exceptionDetails?.text ?? 'exception'}`);
      return JSON.parse(String(answer.result?.value)) as never;
    },
  };
}

/** Launches Firefox with the extension installed and resolves once BiDi is ready. */
export async function launchFirefoxPeer(options: FirefoxPeerOptions): Promise<FirefoxPeer> {
  const profile = await mkdtemp(join(tmpdir(), `wewatch-e2e-${options.name}-`));
  const tunnel = await startYouTubeTunnel(options.youtubePort);
  const uuid = randomUUID();
  const pac = pacScript((tunnel.address() as AddressInfo).port);
  await writeFile(
    join(profile, 'user.js'),
    userJs({
      'network.proxy.type': 2,
      'network.proxy.autoconfig_url': `data:text/plain,${encodeURIComponent(pac)}`,
      // Let the PAC script see localhost, so the relay stays direct by its rule.
      'network.proxy.allow_hijacking_localhost': true,
      'extensions.webextensions.uuids': JSON.stringify({ [options.extensionId]: uuid }),
      'media.autoplay.default': 0,
      'media.autoplay.blocking_policy': 0,
      'browser.shell.checkDefaultBrowser': false,
      'browser.startup.page': 0,
      'browser.startup.homepage_override.mstone': 'ignore',
      'browser.aboutwelcome.enabled': false,
      'datareporting.policy.dataSubmissionEnabled': false,
      'toolkit.telemetry.reportingpolicy.firstRun': false,
      'app.update.disabledForTesting': true,
      'network.captive-portal-service.enabled': false,
      'network.connectivity-service.enabled': false,
      'extensions.getAddons.cache.enabled': false,
      ...options.prefs,
    }),
  );
  const output: string[] = [];
  const child = spawn(
    FIREFOX,
    ['--headless', '--no-remote', '--profile', profile, '--remote-debugging-port=0'],
    { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, MOZ_CRASHREPORTER_DISABLE: '1' } },
  );
  const stop = async () => {
    if (child.exitCode === null) {
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGTERM');
      await Promise.race([exited, new Promise((resolve) => setTimeout(resolve, 5000))]);
      if (child.exitCode === null) child.kill('SIGKILL');
    }
    await new Promise((resolve) => tunnel.close(resolve));
    await rm(profile, { recursive: true, force: true, maxRetries: 3 });
  };
  let bidi: BiDiConnection;
  try {
    const address = await bidiAddress(child, output);
    bidi = await connectBiDi(`${address}/session`);
    await bidi.send('session.new', {
      capabilities: { alwaysMatch: { acceptInsecureCerts: true } },
    });
    await bidi.send('webExtension.install', {
      extensionData: { type: 'path', path: options.extensionPath },
    });
  } catch (error) {
    await stop();
    throw error;
  }
  const logs: string[] = [];
  await bidi.send('session.subscribe', { events: ['log.entryAdded'] });
  bidi.on('log.entryAdded', (entry) => {
    const level = String(entry.level);
    if (level === 'error' || level === 'warn')
      logs.push(`[${options.name} ${level}] ${String(entry.text)}`);
  });
  const tree = await bidi.send<{ contexts: Array<{ context: string }> }>(
    'browsingContext.getTree',
    { maxDepth: 0 },
  );
  const first = tree.contexts[0]?.context;
  if (!first) throw new Error(`${options.name}: Firefox has no tab`);
  return {
    name: options.name,
    bidi,
    extensionOrigin: `moz-extension://${uuid}`,
    tab: tabIn(bidi, first),
    logs,
    async close() {
      // A Firefox busy shutting down may never answer session.end or the close handshake;
      // stopping the process ends both, so neither may hold the suite's teardown for long.
      await Promise.race([bidi.send('session.end').catch(() => {}), sleep(5000)]);
      await Promise.race([bidi.close(), sleep(2000)]);
      await stop();
    },
  };
}
