/**
 * The processes `bench:relay` forks: the servers under test (a relay node or the bare broadcast
 * server), configured and started the same way for every setup, and the load processes.
 * @module
 */
import { resolve } from 'node:path';
import { NO_IP_LIMITS } from '../../test/support/relay';
import { ChildLink } from './child-link';
import type { LoadCommand, LoadReport, ServerCommand, ServerReport } from './ipc';
import type { Setup } from './options';

const HERE = import.meta.dirname;

export type ServerLink = ChildLink<ServerCommand, ServerReport>;
export type LoadLink = ChildLink<LoadCommand, LoadReport>;
export type ServerMeasure = Extract<ServerReport, { type: 'measured' }>;

/** Starts server `index` of `setup` and resolves with its link once it reports its port. */
export async function startServer(
  setup: Setup,
  index: number,
  redisUrl: string,
  keyPrefix: string,
  cpuProfileDir: string | null,
): Promise<{ link: ServerLink; port: number }> {
  const file = resolve(HERE, setup === 'bare' ? 'bare-broadcast.ts' : 'relay-node.ts');
  const link = ChildLink.fork<ServerCommand, ServerReport>(file, `${setup} server ${index + 1}`, {
    env: {
      ...process.env,
      PORT: '0',
      REDIS_URL: redisUrl,
      KEY_PREFIX: keyPrefix,
      NODE_ID: `bench-${index + 1}`,
      // Only settings the relay already reads: the longest heartbeat and a generous handshake,
      // so thousands of joins at once are not cut off and heartbeats stay out of the figures.
      HEARTBEAT_MS: '20000',
      HANDSHAKE_MS: '60000',
      // Every load connection comes from 127.0.0.1: per-IP limits would refuse all but the first
      // few. They cost one Redis call per join, not per message, so turning them off does not
      // flatter the per-message figures.
      ...NO_IP_LIMITS,
    },
    execArgv: [
      '--expose-gc',
      // V8's young generation grows with the allocation rate (up to 2 × 16 MB), which would show
      // up as RSS per connection: pinned at that default maximum, only connections move RSS.
      '--min-semi-space-size=16',
      '--max-semi-space-size=16',
      ...(cpuProfileDir ? ['--cpu-prof', `--cpu-prof-dir=${resolve(cpuProfileDir)}`] : []),
    ],
  });
  try {
    const { port } = await link.waitFor('ready', 30_000);
    return { link, port };
  } catch (error) {
    await link.close({ type: 'close' });
    throw error;
  }
}

/** Forks load process `index`. */
export function startLoad(index: number): LoadLink {
  return ChildLink.fork<LoadCommand, LoadReport>(
    resolve(HERE, 'relay-load.ts'),
    `load ${index + 1}`,
  );
}

/** Every server's memory (after a GC when `gc`) and log events. */
export async function measureServers(servers: ServerLink[], gc: boolean): Promise<ServerMeasure[]> {
  return Promise.all(
    servers.map((server) => server.request({ type: 'measure', gc }, 'measured', 60_000)),
  );
}
