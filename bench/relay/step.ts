/**
 * One rate step of `bench:relay`: every room sends at the step's rate, a window is measured
 * after a warm-up, and the load processes' windows are combined with the CPU of every process.
 * @module
 */
import { sleep } from '../common/deadline';
import { median } from '../common/stats';
import type { LoadCommand, LoadReport, WindowStats } from './ipc';
import { LatencyHistogram } from './latency-histogram';
import type { RelayBenchOptions } from './options';
import { cpuPercent, machinePercent, snapshotCpu, type CpuSnapshot } from './process-cpu';
import type { LoadLink, ServerLink } from './processes';
import type { StepResult } from './report';

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

/** One rate step: warm up, measure a window, and combine the load processes' figures. */
export async function runStep(
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
