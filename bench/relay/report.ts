/**
 * Prints the relay benchmark's figures: one table per server setup with a row per rate step,
 * then the comparison with the bare ceiling against the targets, each marked PASS or MISS.
 * @module
 */
import { median } from '../common/stats';

/** Targets from the relay's performance budget. */
export const TARGETS = {
  /** Throughput with every check on, as a share of the bare broadcast server's. */
  throughputRatio: 0.8,
  p99Ms: 10,
  /** Memory per idle joined connection, bytes. */
  idleBytes: 12 * 1024,
  /** A step kept up when at least this share of the offered controls was sent. */
  keptUp: 0.95,
} as const;

/** One rate step of one setup. */
export interface StepResult {
  ratePerRoom: number;
  offeredPerS: number;
  sentPerS: number;
  skippedShare: number;
  deliveriesPerS: number;
  p50Ms: number | null;
  p99Ms: number | null;
  /**
   * The median over the window's seconds of each second's p99: what the verdicts use, because a
   * burst of other work on a shared machine spoils a second or two, not the typical second.
   */
  p99SecondMedianMs: number | null;
  maxMs: number | null;
  /** Percent of one core, per server process. */
  serverCpu: Array<number | null>;
  redisCpu: number | null;
  loadCpu: number | null;
  /** Everything else on the machine (other users' work), percent of one core. */
  otherCpu: number | null;
  loadLagP99Ms: number;
  lost: number;
  closes: Record<string, number>;
}

export interface SetupResult {
  label: string;
  /** True for the bare broadcast server: the ceiling. */
  ceiling: boolean;
  connections: number;
  rooms: number;
  roomSize: number;
  joinSeconds: number;
  joinFailures: number;
  firstJoinError: string | null;
  /**
   * RSS growth per idle joined connection, after a GC when the server exposes one, summed over
   * nodes (the servers run with V8's young generation pinned, so that it does not move RSS).
   */
  idleRssBytes: number;
  idleHeapBytes: number;
  gcExposed: boolean;
  idleServerCpu: Array<number | null>;
  idleRedisCpu: number | null;
  steps: StepResult[];
  /** Notable events the relay nodes logged (failures, slow consumers), summed over nodes. */
  events: Record<string, number>;
}

type Verdict = 'PASS' | 'MISS';
const verdict = (ok: boolean): Verdict => (ok ? 'PASS' : 'MISS');

const fixed = (value: number | null, digits: number): string =>
  value === null ? 'n/a' : value.toFixed(digits);
const percent = (value: number | null): string =>
  value === null ? 'n/a' : `${Math.round(value)}%`;
const count = (value: number): string => Math.round(value).toLocaleString('en-US');
const kb = (bytes: number): string => `${(bytes / 1024).toFixed(1)} KB`;

/** Percent of one core for the setup's servers: one figure, or each node's and their sum. */
function serverPercent(values: Array<number | null>): string {
  if (values.length === 1) return percent(values[0] ?? null);
  if (values.some((value) => value === null)) return 'n/a';
  const parts = values as number[];
  const sum = parts.reduce((total, value) => total + value, 0);
  return `${Math.round(sum)}% (${parts.map((value) => Math.round(value)).join('+')})`;
}

/**
 * CPU time of the servers and Redis per delivery, in µs: robust to other work on the machine,
 * and the ratio of two setups' figures predicts their throughput ratio once CPU-bound.
 */
export function cpuPerDelivery(step: StepResult): number | null {
  if (step.deliveriesPerS === 0 || step.serverCpu.some((cpu) => cpu === null)) return null;
  const servers = (step.serverCpu as number[]).reduce((sum, cpu) => sum + cpu, 0);
  return (((servers + (step.redisCpu ?? 0)) / 100) * 1e6) / step.deliveriesPerS;
}

/** The setup's CPU per delivery over its busiest steps (≥ 5% of a core), as a median. */
function typicalCpuPerDelivery(result: SetupResult): number | null {
  return median(
    result.steps
      .filter((step) => step.serverCpu.every((cpu) => cpu !== null && cpu >= 5))
      .map(cpuPerDelivery)
      .filter((figure): figure is number => figure !== null),
  );
}

/** True when a step is below saturation: it kept up with the offered rate, within p99. */
export function withinTargets(step: StepResult): boolean {
  return (
    step.p99SecondMedianMs !== null &&
    step.p99SecondMedianMs <= TARGETS.p99Ms &&
    step.sentPerS >= TARGETS.keptUp * step.offeredPerS &&
    step.lost === 0
  );
}

function closesText(closes: Record<string, number>): string {
  const entries = Object.entries(closes);
  return entries.length === 0 ? '' : ` closed ${entries.map(([c, n]) => `${n}×${c}`).join(',')}`;
}

/** Lays out rows under headers; numeric-looking columns are right-aligned. */
function layout(headers: string[], rows: string[][]): string[] {
  const widths = headers.map((header, col) =>
    Math.max(header.length, ...rows.map((row) => row[col]!.length)),
  );
  const line = (cells: string[]) =>
    cells
      .map((cell, col) => (col === cells.length - 1 ? cell : cell.padStart(widths[col]!)))
      .join('  ')
      .trimEnd();
  return [line(headers), ...rows.map(line)];
}

/** One setup's table as lines of text. */
export function formatSetup(result: SetupResult, stepSeconds: number): string[] {
  const headers = [
    'rate/room',
    'offered/s',
    'sent/s',
    'skipped',
    'deliveries/s',
    'p50 ms',
    'p99 ms',
    'p99 1s-med',
    'max ms',
    'server CPU',
    'redis CPU',
    'load CPU',
    'load lag p99',
    'others CPU',
    'CPU µs/deliv',
    `p99 1s-med≤${TARGETS.p99Ms} & kept up`,
  ];
  const rows = result.steps.map((step) => [
    String(step.ratePerRoom),
    count(step.offeredPerS),
    count(step.sentPerS),
    `${(step.skippedShare * 100).toFixed(1)}%`,
    count(step.deliveriesPerS),
    fixed(step.p50Ms, 2),
    fixed(step.p99Ms, 2),
    fixed(step.p99SecondMedianMs, 2),
    fixed(step.maxMs, 1),
    serverPercent(step.serverCpu),
    result.ceiling ? '-' : percent(step.redisCpu),
    percent(step.loadCpu),
    `${step.loadLagP99Ms.toFixed(1)} ms`,
    percent(step.otherCpu),
    fixed(cpuPerDelivery(step), 1),
    `${withinTargets(step) ? 'yes' : 'no'}${step.lost ? ` lost ${step.lost}` : ''}${closesText(step.closes)}`,
  ]);
  const table = layout(headers, rows);
  const width = Math.max(...table.map((row) => row.length));
  const rule = '─'.repeat(width);
  const failures = result.joinFailures
    ? ` · ${result.joinFailures} joins FAILED (first: ${result.firstJoinError ?? '?'})`
    : '';
  const gc = result.gcExposed ? 'after GC' : 'no GC exposed';
  const idle =
    `idle: ${kb(result.idleRssBytes)} RSS (${kb(result.idleHeapBytes)} JS heap) per joined ` +
    `connection (slope of 5 readings while joining), ${gc}, young generation pinned · idle CPU: server ${serverPercent(result.idleServerCpu)}` +
    (result.ceiling ? '' : `, redis ${percent(result.idleRedisCpu)}`);
  const events = Object.entries(result.events);
  return [
    rule,
    `${result.label} · ${count(result.connections)} connections in ${count(result.rooms)} rooms ` +
      `of ${result.roomSize} · joined in ${result.joinSeconds.toFixed(1)} s${failures} · ` +
      `${stepSeconds} s per step`,
    idle,
    rule,
    ...table,
    ...(events.length
      ? [`relay log events: ${events.map(([event, n]) => `${event} ×${n}`).join(', ')}`]
      : []),
  ];
}

/** The comparison with the ceiling, as lines of text. */
export function formatSummary(results: SetupResult[]): string[] {
  const lines = ['', 'summary'];
  const bare = results.find((result) => result.ceiling);
  const saturation = bare ? [...bare.steps].reverse().find(withinTargets) : undefined;
  lines.push(
    `saturation: taken to be the highest rate step at which the bare server kept up (sent ≥ ` +
      `${TARGETS.keptUp * 100}% of the offered controls, none lost) with p99 ≤ ${TARGETS.p99Ms} ms.`,
    `p99 here is "p99 1s-med", the median of the window's per-second p99s, so that a burst of ` +
      `other work on a shared machine does not decide a verdict; the whole-window p99 is printed ` +
      `beside it and can be much worse when "others CPU" is high.`,
  );
  if (!bare) {
    lines.push('  (bare server not run: no ceiling, no ratio)');
  } else if (!saturation) {
    lines.push(
      `  the bare server met p99 ≤ ${TARGETS.p99Ms} ms at no step: no ceiling (lower --rates)`,
    );
  } else {
    const top = bare.steps.at(-1);
    const note =
      saturation === top
        ? ' (the top step: the ceiling may be higher; add a higher --rates step)'
        : ` (next step, ${bare.steps[bare.steps.indexOf(saturation) + 1]?.ratePerRoom}/s, missed)`;
    lines.push(
      `  bare ceiling: ${count(saturation.deliveriesPerS)} deliveries/s at ` +
        `${saturation.ratePerRoom}/s per room, p99 1s-med ${fixed(saturation.p99SecondMedianMs, 2)} ` +
        `ms (whole window ${fixed(saturation.p99Ms, 2)} ms)${note}`,
    );
  }
  const bareCost = bare ? typicalCpuPerDelivery(bare) : null;
  if (bareCost !== null) {
    lines.push(
      `CPU per delivery (servers + Redis, median over steps): bare ${bareCost.toFixed(1)} µs` +
        results
          .filter((result) => !result.ceiling)
          .map((result) => {
            const cost = typicalCpuPerDelivery(result);
            return cost === null
              ? `, ${result.label} n/a`
              : `, ${result.label} ${cost.toFixed(1)} µs (CPU-bound throughput ≈ ` +
                  `${(bareCost / cost).toFixed(2)}× bare)`;
          })
          .join(''),
    );
  }
  for (const result of results) {
    if (result.ceiling) continue;
    const eligible = result.steps.filter(
      (step) => withinTargets(step) && (!saturation || step.ratePerRoom <= saturation.ratePerRoom),
    );
    const best = eligible.reduce<StepResult | null>(
      (top, step) => (top && top.deliveriesPerS >= step.deliveriesPerS ? top : step),
      null,
    );
    const ratio = best && saturation ? best.deliveriesPerS / saturation.deliveriesPerS : null;
    const throughput = best
      ? `${count(best.deliveriesPerS)} deliveries/s at ${best.ratePerRoom}/s per room ` +
        `(p99 1s-med ${fixed(best.p99SecondMedianMs, 2)} ms, whole window ${fixed(best.p99Ms, 2)} ms)`
      : `no step within p99 ≤ ${TARGETS.p99Ms} ms`;
    lines.push(
      `${result.label}: ${throughput} = ${ratio === null ? 'n/a' : `${ratio.toFixed(2)}×`} the ` +
        `bare ceiling  [target ≥ ${TARGETS.throughputRatio}× at p99 ≤ ${TARGETS.p99Ms} ms: ` +
        `${verdict(ratio !== null && ratio >= TARGETS.throughputRatio)}]  ·  ` +
        `${kb(result.idleRssBytes)} per idle connection  [target ≤ ${kb(TARGETS.idleBytes)}: ` +
        // RSS growing less than the JS heap means pages were handed back meanwhile: noise.
        (result.idleRssBytes < result.idleHeapBytes
          ? `no verdict: RSS grew less than the JS heap (${kb(result.idleHeapBytes)}), too noisy; ` +
            `rerun with more --connections]`
          : `${verdict(result.idleRssBytes <= TARGETS.idleBytes)}]`),
    );
  }
  return lines;
}
