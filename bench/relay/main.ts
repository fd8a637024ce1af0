/**
 * `npm run bench:relay`: how many room updates a second the relay delivers, how fast, at what
 * CPU and memory cost, on one node and on two nodes through Redis, beside a bare `ws` broadcast
 * server with no checks as the ceiling. Every server and the load generator run in processes of
 * their own. A measurement, not a test: it exits 0 whether targets are met or not, and non-zero
 * only when it could not measure.
 * @module
 */
import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { resolve } from 'node:path';
import Redis from 'ioredis';
import { SessionResponseSchema, VideoSchema } from '../../shared/protocol';
import * as v from 'valibot';
import { startRedis } from '../../test/support/redis-server';
import { ChildLink } from './child-link';
import { CleanupStack } from '../common/cleanup-stack';
import { sleep } from '../common/deadline';
import { LatencyHistogram } from './latency-histogram';
import { CORES, cpuPercent, machinePercent, snapshotCpu, type CpuSnapshot } from './process-cpu';
import type {
  LoadCommand,
  LoadReport,
  LoadRoom,
  ServerCommand,
  ServerReport,
  WindowStats,
} from './ipc';
import {
  parseRelayBenchOptions,
  RELAY_FRAMES_PER_SECOND,
  type RelayBenchOptions,
  type Setup,
} from './options';
import { formatSetup, formatSummary, type SetupResult, type StepResult } from './report';

const HERE = import.meta.dirname;
/** File descriptors one process needs beyond its sockets (Redis, stdio, libuv, …). */
const SPARE_FDS = 200;
/** Share of the rooms joined first, before the idle baseline, so start-up costs stay out of it. */
const WARM_SHARE = 0.05;
/** Handshakes each load process keeps in progress at once. */
const JOIN_CONCURRENCY = 64;
/** Videos one benchmark user saves (the library holds 5000). */
const VIDEOS_PER_USER = 4000;
/** RSS readings after the warm baseline, as the rest of the rooms join. */
const MEMORY_CHECKPOINTS = 4;

const LABELS: Record<Setup, string> = {
  bare: 'bare ws broadcast (ceiling, no checks)',
  relay: '1 relay node',
  relay2: '2 relay nodes through Redis',
};

type ServerLink = ChildLink<ServerCommand, ServerReport>;
type LoadLink = ChildLink<LoadCommand, LoadReport>;

const log = (line: string): void => console.log(line);

/** The shell's open-file limit, which this process and its children inherit. */
function openFileLimit(): number | null {
  try {
    const raw = execFileSync('sh', ['-c', 'ulimit -n'], { encoding: 'utf8' }).trim();
    return raw === 'unlimited' ? Infinity : Number(raw);
  } catch {
    return null;
  }
}

/** How many loopback connections to one port the kernel's ephemeral port range allows. */
function ephemeralPorts(): number | null {
  try {
    const [low, high] = readFileSync('/proc/sys/net/ipv4/ip_local_port_range', 'utf8')
      .trim()
      .split(/\s+/)
      .map(Number);
    return low !== undefined && high !== undefined ? high - low + 1 : null;
  } catch {
    return null;
  }
}

/** Caps `--connections` to what the limits allow, explaining any cap. */
function capConnections(options: RelayBenchOptions): number {
  let connections = options.connections - (options.connections % options.roomSize);
  const limit = openFileLimit();
  if (limit === null) {
    log('ulimit -n: unknown (could not run sh); not capping --connections');
  } else {
    // The load process (one socket per connection) and a lone relay node (one per connection)
    // each need a descriptor per connection. Node cannot raise its own limit: run
    // `ulimit -n 65536` in the shell first (as far as the hard limit allows).
    const fit = Math.floor((limit - SPARE_FDS) / options.roomSize) * options.roomSize;
    log(`ulimit -n: ${limit} (each of the load and a lone relay node holds one per connection)`);
    if (fit < connections) {
      log(
        `  capping --connections ${connections} → ${fit}: raise it with \`ulimit -n\` in the ` +
          `shell before npm run (Node cannot raise its own limit)`,
      );
      connections = fit;
    }
  }
  const ports = ephemeralPorts();
  if (ports !== null && connections > ports - 1000) {
    const fit = Math.floor((ports - 1000) / options.roomSize) * options.roomSize;
    log(`  capping --connections ${connections} → ${fit}: ${ports} ephemeral ports to one server`);
    connections = fit;
  }
  return connections;
}

async function startServer(
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
      MAX_CONNECTIONS_PER_IP: '0',
      JOINS_PER_IP_PER_MIN: '0',
      LOOKUPS_PER_IP_PER_MIN: '0',
      API_REQUESTS_PER_IP_PER_MIN: '0',
      IDENTITIES_PER_IP_PER_HOUR: '0',
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

/** Creates one invite key per room through the relay's API: a saved video per room. */
async function createInvites(apiUrl: string, rooms: number): Promise<string[]> {
  const post = async (path: string, body: unknown, session?: string): Promise<unknown> => {
    const response = await fetch(apiUrl + path, {
      method: 'POST',
      headers: {
        'Content-Type': 'application/json',
        ...(session ? { Authorization: `Bearer ${session}` } : {}),
      },
      body: JSON.stringify(body),
    });
    if (!response.ok) throw new Error(`POST ${path} answered ${response.status}`);
    return response.json();
  };
  const sessions: string[] = [];
  for (let user = 0; user * VIDEOS_PER_USER < rooms; user++) {
    sessions.push(v.parse(SessionResponseSchema, await post('/api/session', {})).session);
  }
  const keys = new Array<string>(rooms);
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < rooms) {
      const n = next++;
      const video = v.parse(
        VideoSchema,
        await post(
          '/api/videos',
          { youtubeId: `bench${String(n).padStart(6, '0')}`, title: `Bench room ${n + 1}` },
          sessions[Math.floor(n / VIDEOS_PER_USER)],
        ),
      );
      keys[n] = video.inviteKey;
    }
  };
  await Promise.all(Array.from({ length: 16 }, worker));
  return keys;
}

interface Joined {
  joined: number;
  failed: number;
  firstError: string | null;
}

/** Joins `rooms` through the load processes (rooms dealt out in turn). */
async function joinRooms(
  loads: LoadLink[],
  mode: 'relay' | 'bare',
  urls: string[],
  rooms: LoadRoom[],
  roomSize: number,
): Promise<Joined> {
  const replies = await Promise.all(
    loads.map((load, index) =>
      load.request(
        {
          type: 'connect',
          mode,
          urls,
          rooms: rooms.filter((_, room) => room % loads.length === index),
          roomSize,
          concurrency: JOIN_CONCURRENCY,
        },
        'connected',
        15 * 60_000,
      ),
    ),
  );
  return {
    joined: replies.reduce((sum, reply) => sum + reply.joined, 0),
    failed: replies.reduce((sum, reply) => sum + reply.failed, 0),
    firstError: replies.find((reply) => reply.firstError)?.firstError ?? null,
  };
}

type ServerMeasure = Extract<ServerReport, { type: 'measured' }>;

/** The least-squares slope of y against x; 0 with fewer than two distinct x. */
function fitSlope(points: Array<[number, number]>): number {
  const n = points.length;
  const meanX = points.reduce((sum, [x]) => sum + x, 0) / n;
  const meanY = points.reduce((sum, [, y]) => sum + y, 0) / n;
  let sxy = 0;
  let sxx = 0;
  for (const [x, y] of points) {
    sxy += (x - meanX) * (y - meanY);
    sxx += (x - meanX) ** 2;
  }
  return sxx === 0 ? 0 : sxy / sxx;
}

async function measureServers(servers: ServerLink[], gc: boolean) {
  return Promise.all(
    servers.map((server) => server.request({ type: 'measure', gc }, 'measured', 60_000)),
  );
}

/** CPU of every process involved, and the rest of the machine, between two snapshots. */
function cpuFigures(
  before: CpuSnapshot,
  after: CpuSnapshot,
  servers: ServerLink[],
  loads: LoadLink[],
  redisPid: number | null,
) {
  const serverCpu = servers.map((server) => cpuPercent(before, after, server.pid));
  const redisCpu = redisPid === null ? null : cpuPercent(before, after, redisPid);
  const loadParts = loads.map((load) => cpuPercent(before, after, load.pid));
  const loadCpu = loadParts.some((part) => part === null)
    ? null
    : (loadParts as number[]).reduce((sum, part) => sum + part, 0);
  const ours = [...serverCpu, redisCpu, loadCpu, cpuPercent(before, after, process.pid)];
  const machine = machinePercent(before, after);
  const otherCpu =
    machine === null || ours.some((part) => part === null)
      ? null
      : Math.max(0, machine - (ours as number[]).reduce((sum, part) => sum + part, 0));
  return { serverCpu, redisCpu, loadCpu, otherCpu };
}

function median(values: number[]): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
}

async function runStep(
  ratePerRoom: number,
  options: RelayBenchOptions,
  rooms: number,
  servers: ServerLink[],
  loads: LoadLink[],
  redisPid: number | null,
): Promise<StepResult> {
  const all = <T extends LoadReport['type']>(command: LoadCommand, reply: T, ms = 30_000) =>
    Promise.all(loads.map((load) => load.request(command, reply, ms)));
  const pids = [
    ...servers.map((s) => s.pid),
    ...loads.map((l) => l.pid),
    ...(redisPid === null ? [] : [redisPid]),
    process.pid,
  ];
  await all({ type: 'start', ratePerRoom }, 'started');
  await sleep(options.warmupSeconds * 1000);
  await all({ type: 'mark' }, 'marked');
  const before = snapshotCpu(pids);
  await sleep(options.stepSeconds * 1000);
  const after = snapshotCpu(pids);
  const windows: WindowStats[] = (await all({ type: 'collect' }, 'collected')).map((r) => r.stats);
  await all({ type: 'stop' }, 'stopped');

  const seconds = (after.at - before.at) / 1000;
  const latency = new LatencyHistogram();
  const closes: Record<string, number> = {};
  let sent = 0;
  let skipped = 0;
  let delivered = 0;
  let lost = 0;
  const perSecond: LatencyHistogram[] = [];
  for (const window of windows) {
    latency.add(window.latency);
    // Whole seconds only: the window's last, partial second would weigh as much as a full one.
    const whole = Math.floor(window.windowMs / 1000);
    window.latencyBySecond.slice(0, whole).forEach((data, second) => {
      (perSecond[second] ??= new LatencyHistogram()).add(data);
    });
    sent += window.sent;
    skipped += window.skipped;
    delivered += window.delivered;
    lost += window.lost;
    for (const [code, n] of Object.entries(window.closes)) closes[code] = (closes[code] ?? 0) + n;
  }
  return {
    ratePerRoom,
    offeredPerS: ratePerRoom * rooms,
    sentPerS: sent / seconds,
    skippedShare: sent + skipped === 0 ? 0 : skipped / (sent + skipped),
    deliveriesPerS: delivered / seconds,
    p50Ms: latency.quantile(0.5),
    p99Ms: latency.quantile(0.99),
    p99SecondMedianMs: median(
      perSecond.flatMap((histogram) => {
        const p99 = histogram.quantile(0.99);
        return p99 === null ? [] : [p99];
      }),
    ),
    maxMs: latency.maxMs,
    ...cpuFigures(before, after, servers, loads, redisPid),
    loadLagP99Ms: Math.max(...windows.map((window) => window.loadLagP99Ms)),
    lost,
    closes,
  };
}

async function runSetup(
  setup: Setup,
  options: RelayBenchOptions,
  connections: number,
  redis: { url: string; client: Redis; pid: number | null },
  cleanup: CleanupStack,
): Promise<SetupResult> {
  const nodes = setup === 'relay2' ? 2 : 1;
  const keyPrefix = `wwbench-${randomBytes(4).toString('hex')}:`;
  const servers: ServerLink[] = [];
  const ports: number[] = [];
  for (let i = 0; i < nodes; i++) {
    const { link, port } = await startServer(setup, i, redis.url, keyPrefix, options.cpuProfileDir);
    servers.push(cleanup.add(link.name, link, (s) => s.close({ type: 'close' })));
    ports.push(port);
  }
  const urls = ports.map((port) => `ws://127.0.0.1:${port}/ws`);
  const roomCount = connections / options.roomSize;
  const keys =
    setup === 'bare'
      ? Array.from({ length: roomCount }, (_, n) => `room-${n}`)
      : await createInvites(`http://127.0.0.1:${ports[0]}`, roomCount);
  const rooms = keys.map((key) => ({ key }));
  const loads: LoadLink[] = [];
  for (let i = 0; i < options.loadProcesses; i++) {
    const load = ChildLink.fork<LoadCommand, LoadReport>(
      resolve(HERE, 'relay-load.ts'),
      `load ${i + 1}`,
    );
    loads.push(cleanup.add(load.name, load, (l) => l.close({ type: 'close' })));
  }
  const mode = setup === 'bare' ? 'bare' : 'relay';
  const pids = [...servers.map((s) => s.pid), ...(redis.pid === null ? [] : [redis.pid])];

  // Memory per idle connection: the slope of RSS against joined connections, fitted over
  // several checkpoints (one noisy reading moves it little), from a warm baseline: a few rooms
  // already joined, so code paths are compiled and pools allocated.
  const warm = Math.max(1, Math.ceil(roomCount * WARM_SHARE));
  const started = performance.now();
  const joins = [await joinRooms(loads, mode, urls, rooms.slice(0, warm), options.roomSize)];
  await sleep(2000);
  const checkpoints = [{ joined: joins[0]!.joined, measured: await measureServers(servers, true) }];
  let joinMs = performance.now() - started - 2000;
  const chunk = Math.ceil((roomCount - warm) / MEMORY_CHECKPOINTS);
  for (let from = warm; from < roomCount; from += chunk) {
    const chunkStarted = performance.now();
    const joined = await joinRooms(
      loads,
      mode,
      urls,
      rooms.slice(from, from + chunk),
      options.roomSize,
    );
    joinMs += performance.now() - chunkStarted;
    joins.push(joined);
    await sleep(1000);
    checkpoints.push({
      joined: checkpoints.at(-1)!.joined + joined.joined,
      measured: await measureServers(servers, true),
    });
  }
  // Let joins' after-effects (member lists, announcements) settle, then time an idle stretch.
  const idleBefore = snapshotCpu(pids);
  await sleep(3000);
  const idleAfter = snapshotCpu(pids);
  const slope = (pick: (m: ServerMeasure) => number) =>
    fitSlope(
      checkpoints.map(({ joined, measured }) => [
        joined,
        measured.reduce((sum, m) => sum + pick(m), 0),
      ]),
    );
  const lastMeasure = checkpoints.at(-1)!.measured;

  const steps: StepResult[] = [];
  for (const rate of options.rates) {
    const step = await runStep(rate, options, roomCount, servers, loads, redis.pid);
    log(
      `  ${LABELS[setup]}: ${rate}/s per room → ${Math.round(step.deliveriesPerS)} deliveries/s, ` +
        `p99 ${step.p99Ms?.toFixed(2) ?? 'n/a'} ms`,
    );
    steps.push(step);
  }
  const events: Record<string, number> = {};
  for (const measured of await measureServers(servers, false)) {
    for (const [event, n] of Object.entries(measured.events))
      events[event] = (events[event] ?? 0) + n;
  }
  await cleanup.closeAll();
  await redis.client.flushall();

  return {
    label: LABELS[setup],
    ceiling: setup === 'bare',
    connections,
    rooms: roomCount,
    roomSize: options.roomSize,
    joinSeconds: joinMs / 1000,
    joinFailures: joins.reduce((sum, j) => sum + j.failed, 0),
    firstJoinError: joins.find((j) => j.firstError)?.firstError ?? null,
    idleRssBytes: slope((m) => m.rss),
    idleHeapBytes: slope((m) => m.heapUsed),
    gcExposed: lastMeasure.every((m) => m.gcExposed),
    idleServerCpu: servers.map((s) => cpuPercent(idleBefore, idleAfter, s.pid)),
    idleRedisCpu: redis.pid === null ? null : cpuPercent(idleBefore, idleAfter, redis.pid),
    steps,
    events,
  };
}

async function main(options: RelayBenchOptions, cleanup: CleanupStack): Promise<void> {
  const started = Date.now();
  const [one, five] = loadavg();
  log(
    `machine: ${CORES} cores, load average ${one?.toFixed(2)} / ${five?.toFixed(2)} (1 / 5 min); ` +
      `shared machines give noisy figures: the "others CPU" column shows what else ran`,
  );
  const connections = capConnections(options);
  const perConnection = Math.max(...options.rates) / options.roomSize;
  log(
    `load: ${connections} connections in rooms of ${options.roomSize}; each room sends ` +
      `${options.rates.join(', ')} controls/s in turn (alternating speed changes), rotating the ` +
      `sender through its members: at most ${perConnection.toFixed(1)} frames/s per connection, ` +
      `below the relay's ${RELAY_FRAMES_PER_SECOND}/s per-connection budget, so that budget is ` +
      `never what limits throughput. One control in flight per room; latency is send → state ` +
      `at each other member, in ${options.loadProcesses} load process(es) of their own.`,
  );
  const redisServer = await startRedis();
  cleanup.add('redis-server', redisServer, (r) => r.stop());
  const client = new Redis(redisServer.url);
  cleanup.add('redis client', client, (c) => c.quit());
  const info = await client.info('server');
  const pid = Number(/process_id:(\d+)/.exec(info)?.[1]);
  const redis = { url: redisServer.url, client, pid: Number.isFinite(pid) ? pid : null };

  const results: SetupResult[] = [];
  for (const setup of options.setups) {
    log(`\n${LABELS[setup]}: starting, joining ${connections} connections…`);
    const setupCleanup = new CleanupStack();
    const closeSetup = cleanup.add(`${setup} setup`, setupCleanup, (s) => s.closeAll());
    const result = await runSetup(setup, options, connections, redis, closeSetup);
    results.push(result);
    log(formatSetup(result, options.stepSeconds).join('\n'));
  }
  log('\nall setups:');
  for (const result of results) log(formatSetup(result, options.stepSeconds).join('\n'));
  log(formatSummary(results).join('\n'));
  log(`\ntotal wall time: ${((Date.now() - started) / 1000).toFixed(1)} s`);
}

const cleanup = new CleanupStack();
let interrupted = false;
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.on(signal, () => {
    if (interrupted) process.exit(130);
    interrupted = true;
    console.error(`\n${signal}: stopping the load, the servers and Redis…`);
    void cleanup.closeAll().finally(() => process.exit(130));
  });
}

let options: RelayBenchOptions;
try {
  options = parseRelayBenchOptions(process.argv.slice(2));
} catch (error) {
  console.error(error instanceof Error ? error.message : String(error));
  process.exit(2);
}
try {
  await main(options, cleanup);
  await cleanup.closeAll();
} catch (error) {
  if (!interrupted) {
    console.error(
      `\nbench:relay could not finish: ${error instanceof Error ? error.message : String(error)}`,
    );
    await cleanup.closeAll();
    process.exitCode = 1;
  }
}
