/**
 * One benchmark run: starts Redis, a relay, the fake youtube.com and N Chromium peers (each behind
 * its own latency proxy to the relay and its own front to the site), forms a room through the
 * popup as users do, plays the script, and returns what every peer displayed.
 * @module
 */
import { createHash } from 'node:crypto';
import Redis from 'ioredis';
import type { Page } from 'playwright-core';
import { launchPeer, type Peer } from '../../test/e2e/support/browser';
import { startFakeYouTube, YOUTUBE_ORIGIN } from '../../test/e2e/support/fake-youtube';
import { freshPrefix, startRelayInProcess } from '../../test/support/relay';
import { startRedis } from '../../test/support/redis-server';
import { CleanupStack } from '../common/cleanup-stack';
import { sleep, waitUntil, within } from '../common/deadline';
import { installRecorder, takeRecording, wallNow, type Recording } from './frame-recorder';
import { startLatencyProxy } from './latency-proxy';
import { actorIndex, perform, setRelayUrl, withPopup } from './peer-actions';
import { startPeerSite, type PeerSite } from './peer-site';
import { SCRIPT, type ScriptStep } from './session-script';

export interface SessionOptions {
  peers: number;
  delayMs: number;
  jitterMs: number;
  durationS: number;
  seed: number;
  extensionPath: string;
  clip: { path: string; seconds: number };
  log: (line: string) => void;
  /** Called once the browsers run (their launcher has installed its signal handlers by then). */
  onBrowsersLaunched: () => void;
}

/** A scripted step as it happened. */
export interface PerformedStep {
  label: string;
  step: ScriptStep;
  peer: number;
  /** Shared wall clock, ms. */
  wall: number;
  /** The acting player's position before and right after (seeks). */
  from: number;
  to: number;
}

export interface SessionResult {
  names: string[];
  recordings: Recording[];
  /** Per joiner (index ≥ 1): when its Join click happened. */
  joinClicks: Map<number, number>;
  /** When the script started and ended (shared wall clock). */
  scriptStart: number;
  scriptEnd: number;
  steps: PerformedStep[];
  revStart: number;
  revEnd: number;
  /** Every state the relay published for the room during the script, in order. */
  revisions: PublishedState[];
}

/** One relay revision as seen on the room's Redis channel. */
export interface PublishedState {
  wall: number;
  rev: number;
  playing: boolean;
  position: number;
  rate: number;
  hold: boolean;
  by: string | null;
}

const VIDEO = 'aaaaaaaaaa1';
const OTHER_VIDEO = 'bbbbbbbbbb2';
const NAMES = ['A', 'B', 'C'];
/** How long a joiner is watched before the next one joins or the script starts. */
const JOIN_WATCH_MS = 5000;

/** Runs the session; everything started is closed by `cleanup` (the caller's, for Ctrl-C). */
export async function runSession(
  options: SessionOptions,
  cleanup: CleanupStack,
): Promise<SessionResult> {
  const { log } = options;
  const names = NAMES.slice(0, options.peers);

  const redis = cleanup.add(
    'redis-server',
    await within('starting redis-server', 10_000, startRedis()),
    (r) => r.stop(),
  );
  const keyPrefix = freshPrefix('bench');
  const relay = cleanup.add(
    'relay',
    await within(
      'starting the relay',
      10_000,
      startRelayInProcess({ redisUrl: redis.url, env: { KEY_PREFIX: keyPrefix } }),
    ),
    (r) => r.close(),
  );
  const redisClient = cleanup.add('redis client', new Redis(redis.url), (c) => c.quit());
  const site = cleanup.add(
    'fake youtube.com',
    await within('starting the fake site', 60_000, startFakeYouTube()),
    (s) => s.close(),
  );
  const delay = { delayMs: options.delayMs, jitterMs: options.jitterMs };
  const sites: PeerSite[] = [];
  const peers: Peer[] = [];
  for (const name of names) {
    sites.push(
      cleanup.add(
        `${name}'s site front`,
        await startPeerSite({
          upstreamPort: site.port,
          clipPath: options.clip.path,
          clipSeconds: options.clip.seconds,
        }),
        (s) => s.close(),
      ),
    );
  }
  const proxies = await Promise.all(
    names.map((name, index) =>
      startLatencyProxy({
        targetPort: relay.port,
        up: delay,
        down: delay,
        seed: options.seed + index,
      }).then((proxy) => cleanup.add(`${name}'s latency proxy`, proxy, (p) => p.close())),
    ),
  );
  log(
    `  relay on :${relay.port}, proxies ${proxies.map((p, i) => `${names[i]} :${p.port}`).join(', ')}`,
  );
  const launched = await within(
    'launching Chromium peers',
    60_000,
    Promise.all(
      names.map((name, index) =>
        launchPeer({
          extensionPath: options.extensionPath,
          youtubePort: sites[index]!.port,
          name: `bench-${name}`,
        }).then((peer) => cleanup.add(`${name}'s browser`, peer, (p) => p.close())),
      ),
    ),
  );
  peers.push(...launched);
  options.onBrowsersLaunched();
  const fail = (error: unknown): never => {
    for (const peer of peers) {
      const tail = peer.logs.slice(-15);
      if (tail.length)
        log(`  ${peer.name} logs (last ${tail.length}):\n    ${tail.join('\n    ')}`);
    }
    throw error;
  };

  try {
    // Joiners wait on the home page, not a watch page (openYouTube wants a watch page first).
    const tabs: Page[] = await within(
      'opening YouTube tabs',
      30_000,
      Promise.all(
        peers.map(async (peer, index) => {
          const tab = await peer.openYouTube(`/watch?v=${index === 0 ? VIDEO : OTHER_VIDEO}`);
          if (index > 0) await tab.goto(`${YOUTUBE_ORIGIN}/`);
          return tab;
        }),
      ),
    );
    await within(
      'pointing every peer at its proxy (popup → Settings → Relay URL)',
      30_000,
      Promise.all(peers.map((peer, index) => setRelayUrl(peer, tabs[index]!, proxies[index]!.url))),
    );
    const [starter, starterTab] = [peers[0]!, tabs[0]!];
    await installRecorder(starterTab);
    await waitUntil('A playing the video', 15_000, () =>
      starterTab.evaluate(() => (document.querySelector('video')?.currentTime ?? 0) > 1),
    );
    const key = await within(
      'A starting a room from the popup',
      20_000,
      withPopup(starter, starterTab, async (popup) => {
        await popup.click('button', 'Start room');
        await popup.waitForText(/In a room watching/, 15_000);
        return popup.valueOf('textbox', 'Room invite key');
      }),
    );
    log(`  room started by A`);

    const joinClicks = new Map<number, number>();
    for (let index = 1; index < peers.length; index++) {
      const [peer, tab] = [peers[index]!, tabs[index]!];
      const clicked = await within(
        `${names[index]} joining by invite key`,
        20_000,
        withPopup(peer, tab, async (popup) => {
          await popup.fill('Invite key', key);
          const at = wallNow();
          await popup.click('button', 'Join');
          return at;
        }),
      );
      joinClicks.set(index, clicked);
      await waitUntil(`${names[index]}'s tab opening the video after Join`, 15_000, () =>
        Promise.resolve(tab.url().includes(`/watch?v=${VIDEO}`)),
      );
      await within(
        `${names[index]}'s watch page loading`,
        15_000,
        tab.waitForSelector('#movie_player video'),
      );
      await within(
        `installing the recorder in ${names[index]}'s page`,
        10_000,
        installRecorder(tab),
      );
      await sleep(Math.max(0, clicked + JOIN_WATCH_MS - wallNow()));
      log(`  ${names[index]} joined`);
    }

    const rid = createHash('sha256').update(key).digest('hex').slice(0, 32);
    const stateKey = `${keyPrefix}room:{${rid}}:state`;
    const readRev = async (): Promise<number> => Number(await redisClient.hget(stateKey, 'rev'));
    // The room's channel shows what each revision was, so relay bookkeeping (holds) is not
    // mistaken for an echo.
    const revisions: PublishedState[] = [];
    const subscriber = cleanup.add('redis subscriber', new Redis(redis.url), (c) => c.quit());
    subscriber.on('message', (_channel: string, message: string) => {
      const { state, by } = JSON.parse(message) as {
        state: Omit<PublishedState, 'wall' | 'hold' | 'by'> & { hold?: unknown };
        by: string | null;
      };
      const { rev, playing, position, rate } = state;
      revisions.push({ wall: wallNow(), rev, playing, position, rate, hold: !!state.hold, by });
    });
    await subscriber.subscribe(`${keyPrefix}room:{${rid}}:bus`);
    const revStart = await readRev();

    const steps: PerformedStep[] = [];
    const scriptStart = wallNow();
    const scale = (options.durationS * 1000) / 60;
    log(`  script running (${options.durationS} s)…`);
    for (const { at, step, label } of SCRIPT) {
      await sleep(Math.max(0, scriptStart + at * scale - wallNow()));
      const peer = actorIndex(step.by, peers.length);
      const performed = await within(
        `step "${label}"`,
        10_000,
        perform(step, tabs, sites, peers.length),
      );
      steps.push({ label, step, peer, ...performed });
    }
    await sleep(Math.max(0, scriptStart + 60 * scale - wallNow()));
    const scriptEnd = wallNow();
    // Let the last frames and events land before reading the relay and the pages.
    await sleep(300);
    const revEnd = await readRev();
    const recordings = await within(
      'collecting the recordings',
      30_000,
      Promise.all(tabs.map((tab) => takeRecording(tab))),
    );
    return {
      names,
      recordings,
      joinClicks,
      scriptStart,
      scriptEnd,
      steps,
      revStart,
      revEnd,
      revisions: revisions.filter((r) => r.rev > revStart && r.rev <= revEnd),
    };
  } catch (error) {
    return fail(error);
  }
}
