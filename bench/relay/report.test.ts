import { describe, expect, it } from 'vitest';
import {
  cpuPerDelivery,
  formatSetup,
  formatSummary,
  withinTargets,
  type SetupResult,
  type StepResult,
} from './report';

function step(figures: Partial<StepResult> & Pick<StepResult, 'ratePerRoom'>): StepResult {
  return {
    offeredPerS: 0,
    sentPerS: 0,
    skippedShare: 0,
    deliveriesPerS: 0,
    p50Ms: 1,
    p99Ms: 2,
    p99SecondMedianMs: 2,
    maxMs: 3,
    serverCpu: [10],
    redisCpu: null,
    loadCpu: 5,
    otherCpu: 0,
    loadLagP99Ms: 0.4,
    lost: 0,
    closes: {},
    ...figures,
  };
}

function setup(figures: Partial<SetupResult> & Pick<SetupResult, 'label' | 'steps'>): SetupResult {
  return {
    ceiling: false,
    connections: 10_000,
    rooms: 2500,
    roomSize: 4,
    joinSeconds: 12.34,
    joinFailures: 0,
    firstJoinError: null,
    idleRssBytes: 10_240,
    idleHeapBytes: 8192,
    gcExposed: true,
    idleServerCpu: [3],
    idleRedisCpu: 1,
    events: {},
    ...figures,
  };
}

// The bare server keeps up at 1 and 5/s per room and misses at 20/s (sent 40 000 of 50 000).
const BARE = setup({
  label: 'bare ws broadcast (ceiling, no checks)',
  ceiling: true,
  idleRedisCpu: null,
  steps: [
    step({
      ratePerRoom: 1,
      offeredPerS: 2500,
      sentPerS: 2500,
      deliveriesPerS: 7500,
      serverCpu: [15],
    }),
    step({
      ratePerRoom: 5,
      offeredPerS: 12_500,
      sentPerS: 12_500,
      deliveriesPerS: 37_500,
      p99Ms: 6,
      p99SecondMedianMs: 4,
      serverCpu: [60],
    }),
    step({
      ratePerRoom: 20,
      offeredPerS: 50_000,
      sentPerS: 40_000,
      deliveriesPerS: 120_000,
      p99SecondMedianMs: 25,
      serverCpu: [100],
    }),
  ],
});
const RELAY = setup({
  label: '1 relay node',
  steps: [
    step({
      ratePerRoom: 1,
      offeredPerS: 2500,
      sentPerS: 2500,
      deliveriesPerS: 7500,
      serverCpu: [30],
      redisCpu: 10,
    }),
    step({
      ratePerRoom: 5,
      offeredPerS: 12_500,
      sentPerS: 12_000,
      deliveriesPerS: 33_750,
      p99Ms: 12,
      p99SecondMedianMs: 9,
      serverCpu: [90],
      redisCpu: 45,
    }),
    step({
      ratePerRoom: 20,
      offeredPerS: 50_000,
      sentPerS: 50_000,
      deliveriesPerS: 60_000,
      p99SecondMedianMs: 30,
      serverCpu: [100],
      redisCpu: 50,
    }),
  ],
});

describe('cpuPerDelivery and withinTargets', () => {
  it('charges the servers’ and Redis’s CPU to each delivery', () => {
    // (90 + 45)% of a core is 1.35 CPU s a second, over 33 750 deliveries: 40 µs each.
    expect(cpuPerDelivery(RELAY.steps[1]!)).toBeCloseTo(40, 9);
    expect(cpuPerDelivery(step({ ratePerRoom: 1, serverCpu: [null] }))).toBeNull();
    expect(cpuPerDelivery(step({ ratePerRoom: 1, deliveriesPerS: 0 }))).toBeNull();
  });

  it('needs p99 1s-med ≤ 10 ms, 95% of the offered controls sent and none lost', () => {
    const kept = { ratePerRoom: 5, offeredPerS: 1000, p99SecondMedianMs: 10 };
    expect(withinTargets(step({ ...kept, sentPerS: 950 }))).toBe(true);
    expect(withinTargets(step({ ...kept, sentPerS: 949 }))).toBe(false);
    expect(withinTargets(step({ ...kept, sentPerS: 950, lost: 1 }))).toBe(false);
    expect(withinTargets(step({ ...kept, sentPerS: 950, p99SecondMedianMs: 10.01 }))).toBe(false);
  });
});

describe('formatSetup', () => {
  const relay = {
    ...RELAY,
    steps: [{ ...RELAY.steps[0]!, lost: 2, closes: { '1006': 1 } }],
    events: { slow_consumer: 2 },
  };
  const lines = formatSetup(relay, 8);

  it('heads the table with the setup, its joins and its idle cost', () => {
    expect(lines[1]).toBe(
      '1 relay node · 10,000 connections in 2,500 rooms of 4 · joined in 12.3 s · 8 s per step',
    );
    expect(lines[2]).toBe(
      'idle: 10.0 KB RSS (8.0 KB JS heap) per joined connection (slope of 5 readings while ' +
        'joining), after GC, young generation pinned · idle CPU: server 3%, redis 1%',
    );
    expect(lines.at(-1)).toBe('relay log events: slow_consumer ×2');
  });

  it('lays out one row per step, right-aligned under its headers', () => {
    const [header, row] = [lines[4]!, lines[5]!];
    // (30 + 10)% of a core over 7500 deliveries a second: 53.3 µs each.
    expect(row.trim().split(/ {2,}/)).toEqual([
      '1',
      '2,500',
      '2,500',
      '0.0%',
      '7,500',
      '1.00',
      '2.00',
      '2.00',
      '3.0',
      '30%',
      '10%',
      '5%',
      '0.4 ms',
      '0%',
      '53.3',
      'no lost 2 closed 1×1006',
    ]);
    const lastHeader = 'p99 1s-med≤10 & kept up';
    expect(header.endsWith(lastHeader)).toBe(true);
    expect(header.length - lastHeader.length).toBe(row.length - 'no lost 2 closed 1×1006'.length);
    // Figures end where their header ends.
    const rightEdge = (line: string, text: string) => line.indexOf(text) + text.length;
    expect(rightEdge(row, ' 7,500')).toBe(rightEdge(header, ' deliveries/s'));
    expect(lines[0]).toBe('─'.repeat(Math.max(header.length, row.length)));
  });
});

describe('formatSummary', () => {
  const relay2 = setup({
    label: '2 relay nodes through Redis',
    idleRssBytes: 4096,
    steps: [step({ ratePerRoom: 1, p99SecondMedianMs: 11, serverCpu: [3, 4] })],
  });
  const lines = formatSummary([BARE, RELAY, relay2]);

  it('takes the bare server’s highest step within targets as the ceiling', () => {
    expect(lines[4]).toBe(
      '  bare ceiling: 37,500 deliveries/s at 5/s per room, p99 1s-med 4.00 ms (whole window ' +
        '6.00 ms) (next step, 20/s, missed)',
    );
  });

  it('compares the median CPU per delivery of each setup with the ceiling’s', () => {
    // Bare: 20, 16 and 8.3 µs, median 16; relay: 53.3, 40 and 25 µs, median 40; 16 / 40 = 0.40.
    // The two relay nodes never use 5% of a core each: no figure.
    expect(lines[5]).toBe(
      'CPU per delivery (servers + Redis, median over steps): bare 16.0 µs, 1 relay node 40.0 µs ' +
        '(CPU-bound throughput ≈ 0.40× bare), 2 relay nodes through Redis n/a',
    );
  });

  it('judges throughput within targets against the ceiling, and memory per idle connection', () => {
    // The relay's best step within targets at or below 5/s: 33 750 / 37 500 = 0.90 of the ceiling.
    expect(lines[6]).toBe(
      '1 relay node: 33,750 deliveries/s at 5/s per room (p99 1s-med 9.00 ms, whole window ' +
        '12.00 ms) = 0.90× the bare ceiling  [target ≥ 0.8× at p99 ≤ 10 ms: PASS]  ·  10.0 KB ' +
        'per idle connection  [target ≤ 12.0 KB: PASS]',
    );
    expect(lines[7]).toBe(
      '2 relay nodes through Redis: no step within p99 ≤ 10 ms = n/a the bare ceiling  [target ' +
        '≥ 0.8× at p99 ≤ 10 ms: MISS]  ·  4.0 KB per idle connection  [target ≤ 12.0 KB: no ' +
        'verdict: RSS grew less than the JS heap (8.0 KB), too noisy; rerun with more --connections]',
    );
  });

  it('has no ceiling without the bare server', () => {
    expect(formatSummary([RELAY])).toContain('  (bare server not run: no ceiling, no ratio)');
  });
});
