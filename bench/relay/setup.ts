/**
 * One server setup of `bench:relay`: its servers and load processes started, every room joined
 * (with the memory per idle connection), an idle stretch timed, then every rate step in turn.
 * @module
 */
import { randomBytes } from 'node:crypto';
import type Redis from 'ioredis';
import type { CleanupStack } from '../common/cleanup-stack';
import { sleep } from '../common/deadline';
import { createInvites } from './invites';
import { joinMeasuringMemory } from './joining';
import type { RelayBenchOptions, Setup } from './options';
import { cpuPercent, snapshotCpu } from './process-cpu';
import {
  measureServers,
  startLoad,
  startServer,
  type LoadLink,
  type ServerLink,
} from './processes';
import type { SetupResult, StepResult } from './report';
import { runStep } from './step';

export const LABELS: Record<Setup, string> = {
  bare: 'bare ws broadcast (ceiling, no checks)',
  relay: '1 relay node',
  relay2: '2 relay nodes through Redis',
};

/** The run's Redis: its URL, a client, and its pid for CPU figures (null if unknown). */
export interface BenchRedis {
  url: string;
  client: Redis;
  pid: number | null;
}

export async function runSetup(
  setup: Setup,
  options: RelayBenchOptions,
  connections: number,
  redis: BenchRedis,
  cleanup: CleanupStack,
  log: (line: string) => void,
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
      : await createInvites({ url: `http://127.0.0.1:${ports[0]}` }, roomCount);
  const rooms = keys.map((key) => ({ key }));
  const loads: LoadLink[] = [];
  for (let i = 0; i < options.loadProcesses; i++) {
    const load = startLoad(i);
    loads.push(cleanup.add(load.name, load, (l) => l.close({ type: 'close' })));
  }
  const mode = setup === 'bare' ? 'bare' : 'relay';
  const pids = [...servers.map((s) => s.pid), ...(redis.pid === null ? [] : [redis.pid])];

  const joined = await joinMeasuringMemory(loads, servers, mode, urls, rooms, options.roomSize);
  // Let joins' after-effects (member lists, announcements) settle, then time an idle stretch.
  const idleBefore = snapshotCpu(pids);
  await sleep(3000);
  const idleAfter = snapshotCpu(pids);

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

  const { joins } = joined;
  return {
    label: LABELS[setup],
    ceiling: setup === 'bare',
    connections,
    rooms: roomCount,
    roomSize: options.roomSize,
    joinSeconds: joined.joinMs / 1000,
    joinFailures: joins.reduce((sum, j) => sum + j.failed, 0),
    firstJoinError: joins.find((j) => j.firstError)?.firstError ?? null,
    idleRssBytes: joined.rssPerConnection,
    idleHeapBytes: joined.heapPerConnection,
    gcExposed: joined.gcExposed,
    idleServerCpu: servers.map((s) => cpuPercent(idleBefore, idleAfter, s.pid)),
    idleRedisCpu: redis.pid === null ? null : cpuPercent(idleBefore, idleAfter, redis.pid),
    steps,
    events,
  };
}
