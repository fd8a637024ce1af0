/**
 * @module `npm run cluster -- 3`: several relay nodes on one machine sharing one Redis (a local
 * one unless REDIS_URL points at one) and one KEY_PREFIX, optionally behind a round-robin TCP
 * balancer (`--balance`) to try failover. One Ctrl-C stops them all.
 *
 * Options: `[N]` or `--nodes N` (default 2); `--port P`, the first node's port (default PORT or
 * 8787; node i listens on P + i, or on a free port each when P is 0); `--balance`; `--balance-port
 * P` (default 8790, 0 for a free one). Every other variable of the relay's configuration is passed
 * to each node, except NODE_ID: the nodes are `node-1`, `node-2`, …
 */
import { connect, createServer, type AddressInfo, type Server } from 'node:net';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import type { RunningRedis } from '../test/support/redis-server';
import { startRelayProcess, type RelayProcess } from '../test/support/relay-process';
import { startLocalRedis } from './local-redis';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
/** How long a node may take to start listening. */
const START_TIMEOUT_MS = 30_000;
/** How long a node may take to close its sockets when stopped. */
const STOP_TIMEOUT_MS = 5000;

interface Node {
  name: string;
  relay: RelayProcess;
  /** Whether it still runs (a node stopped by hand leaves the others running). */
  running: boolean;
}

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: {
    nodes: { type: 'string' },
    port: { type: 'string' },
    balance: { type: 'boolean', default: false },
    'balance-port': { type: 'string' },
  },
});

function wholeNumber(name: string, raw: string | undefined, fallback: number, min: number): number {
  if (raw === undefined) return fallback;
  const value = Number(raw);
  if (!/^\d+$/.test(raw) || value < min || value > 65_535) {
    console.error(`✖ ${name} must be a whole number from ${min}, got "${raw}"`);
    process.exit(2);
  }
  return value;
}

const count = wholeNumber('The number of nodes', values.nodes ?? positionals[0], 2, 1);
const basePort = wholeNumber('--port', values.port ?? process.env.PORT, 8787, 0);
const balancePort = wholeNumber('--balance-port', values['balance-port'], 8790, 0);
const host = process.env.HOST ?? '127.0.0.1';
/** Where the balancer and the printed URLs reach the nodes. */
const reachHost = host === '0.0.0.0' || host === '::' ? '127.0.0.1' : host;
const shownHost = reachHost === '127.0.0.1' ? 'localhost' : reachHost;

let redis: RunningRedis | null = null;
const nodes: Node[] = [];
let balancer: Server | null = null;
let stopping = false;

/** Starts one relay and resolves once it logs that it listens. */
async function startNode(index: number, redisUrl: string): Promise<Node> {
  const name = `node-${index + 1}`;
  const port = basePort === 0 ? 0 : basePort + index;
  const relay = await startRelayProcess(
    { REDIS_URL: redisUrl, PORT: String(port), NODE_ID: name },
    {
      name,
      // The node's JSON-line log goes on to our stdout.
      onLine: (line) => process.stdout.write(`${line}\n`),
      timeoutMs: START_TIMEOUT_MS,
    },
  );
  return { name, relay, running: true };
}

/**
 * A TCP balancer handing each connection to the next node in turn (HTTP and WebSockets alike).
 * A node that refuses is skipped, so stopping one shows clients moving to the others. The nodes
 * see the balancer's address, not the clients': in production use a proxy that sets
 * X-Forwarded-For and run the nodes with TRUST_PROXY=1.
 */
function startBalancer(ports: number[]): Promise<Server> {
  let next = 0;
  const server = createServer((client) => {
    client.pause();
    client.on('error', () => client.destroy());
    const attempt = (tries: number) => {
      if (tries >= ports.length) return client.destroy();
      const port = ports[next++ % ports.length]!;
      const upstream = connect(port, reachHost);
      const retry = () => attempt(tries + 1);
      upstream.once('error', retry);
      upstream.once('connect', () => {
        upstream.off('error', retry);
        upstream.on('error', () => client.destroy());
        client.on('close', () => upstream.destroy());
        upstream.on('close', () => client.destroy());
        client.pipe(upstream);
        upstream.pipe(client);
        client.resume();
      });
    };
    attempt(0);
  });
  return new Promise((resolveServer, reject) => {
    server.once('error', reject);
    server.listen(balancePort, host, () => resolveServer(server));
  });
}

/** Stops the balancer, then the nodes (SIGTERM: they close their sockets), then Redis. */
async function stopAll(): Promise<void> {
  stopping = true;
  balancer?.close();
  await Promise.all(nodes.map((node) => node.relay.stop(STOP_TIMEOUT_MS)));
  await redis?.stop('SIGTERM', STOP_TIMEOUT_MS);
}

async function failAndExit(message: string): Promise<never> {
  console.error(`\n✖ ${message}`);
  await stopAll();
  process.exit(1);
}

for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.on(signal, () => {
    if (stopping) return;
    console.log('\n• Stopping every node…');
    void stopAll().then(() => process.exit(0));
  });
}

let redisUrl = process.env.REDIS_URL;
if (redisUrl) console.log(`• Using REDIS_URL ${redisUrl}`);
else {
  try {
    const local = await startLocalRedis(root);
    redis = local.redis;
    redisUrl = local.url;
  } catch (error) {
    await failAndExit(error instanceof Error ? error.message : String(error));
  }
}

try {
  const started = await Promise.allSettled(
    Array.from({ length: count }, (_, i) => startNode(i, redisUrl!)),
  );
  for (const result of started) if (result.status === 'fulfilled') nodes.push(result.value);
  const failed = started.find((result) => result.status === 'rejected');
  if (failed) throw failed.reason;
  if (values.balance) balancer = await startBalancer(nodes.map((node) => node.relay.port));
} catch (error) {
  await failAndExit(error instanceof Error ? error.message : String(error));
}

// A node stopped by hand (to try failover) leaves the others running; the last one ends it all.
for (const node of nodes) {
  void node.relay.exited.then(({ code, signal }) => {
    node.running = false;
    if (stopping) return;
    console.log(`• ${node.name} stopped (${signal ?? `exit code ${code}`})`);
    if (nodes.every((n) => !n.running)) void failAndExit('Every node has stopped.');
  });
}

const balancerPort = balancer ? (balancer.address() as AddressInfo).port : null;
const firstUrl = `http://${shownHost}:${nodes[0]!.relay.port}`;
console.log(`
✔ ${nodes.length} We Watch relay nodes are running, sharing ${redisUrl} (key prefix "${process.env.KEY_PREFIX ?? 'ww:'}"):
${nodes.map((node) => `  ${node.name}  http://${shownHost}:${node.relay.port}  (pid ${node.relay.pid})`).join('\n')}${
  balancerPort === null
    ? ''
    : `\n  balancer  http://${shownHost}:${balancerPort}  (round robin over the nodes)`
}

  Point the extension at one: in the popup, Settings → Relay URL (e.g. ${balancerPort === null ? firstUrl : `http://${shownHost}:${balancerPort}`}),
  or build it for one with WXT_RELAY_URL=${firstUrl} npm run build.
  Members of one room may use different nodes. Stop a node (kill <pid>) to watch its clients
  reconnect to another.

  Press Ctrl-C to stop everything.`);
