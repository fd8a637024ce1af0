import { describe, expect, it } from 'vitest';
import type { SessionMetrics } from './metrics';
import { formatRun } from './report';

const METRICS: SessionMetrics = {
  spread: { n: 450, p50: 12, p95: 18, p99: 18, max: 18 },
  starts: [
    { label: 'B plays', skewMs: 30 },
    { label: 'A seeks +40 s, last peer stalls 3 s', skewMs: 960 },
  ],
  pause: { positionDiffMs: 12, propagationMs: [{ name: 'B', ms: 80 }] },
  joins: [
    { name: 'B', ms: 1480 },
    { name: 'C', ms: null },
  ],
  recoveries: [{ label: 'B after the stall began', ms: 1500 }],
  counts: [
    { name: 'A', seeks: 0, steadySeeks: 0, rateChanges: 1, steadyRateChanges: 1 },
    { name: 'B', seeks: 2, steadySeeks: 1, rateChanges: 0, steadyRateChanges: 0 },
  ],
  revisions: { delta: 5, expected: 7, actions: 3, holds: 1, echoes: 1, unseen: 0 },
};

const HEADING = { peers: 3, delayMs: 50, jitterMs: 10, durationS: 60, wallS: 75.4 };

describe('formatRun', () => {
  const lines = formatRun(HEADING, METRICS);
  const rows = lines.slice(3);
  // Columns start where the first row's value and target start.
  const valueAt = rows[0]!.indexOf('p50 12.0');
  const targetAt = rows[0]!.indexOf('p50 ≤ 15');

  function expectRow(figure: string, value: string, target: string, mark: string): void {
    const row = rows.find((line) => line.startsWith(`${figure} `));
    expect(row, figure).toBeDefined();
    expect(row!.slice(0, valueAt).trimEnd()).toBe(figure);
    expect(row!.slice(valueAt, targetAt).trimEnd()).toBe(value);
    expect(row!.slice(targetAt, -4).trimEnd()).toBe(target);
    expect(row!.slice(-4)).toBe(mark);
  }

  it('titles the run between two rules as wide as the table', () => {
    expect(lines[1]).toBe(
      '3 peers · one-way delay 50 ± 10 ms each direction · 60 s script · run took 75 s',
    );
    expect(lines[0]).toMatch(/^─+$/);
    expect(lines[2]).toBe(lines[0]);
    // Every row is equally long, and the rules run two characters past them.
    for (const row of rows) expect(row.length).toBe(rows[0]!.length);
    expect(lines[0]!.length).toBe(rows[0]!.length + 2);
  });

  it('marks each figure against its target', () => {
    expectRow(
      'spread between peers, steady (n=450 × 20 ms)',
      'p50 12.0  p95 18.0  p99 18.0  max 18.0 ms',
      'p50 ≤ 15, p95 ≤ 40 ms',
      'PASS',
    );
    // Nearest rank of [30, 960]: p50 is the 1st, p95 the 2nd.
    expectRow(
      'start skew: play + seek resumes (n=2)',
      'p50 30  p95 960  max 960 ms',
      'p95 ≤ 40 ms',
      'MISS',
    );
    expectRow('  B plays', '30 ms', '', '  - ');
    // 12 ms at 25 fps (40 ms a frame) is 0.3 frames.
    expectRow(
      'pause: paused frames apart after the snap',
      '12.0 ms = 0.30 frames @25fps',
      'same frame ±1',
      'PASS',
    );
    expectRow(
      'pause: A pause() → B pause event',
      '80 ms  (one-way A→relay 50 ± 10 ms, relay→B 50 ± 10 ms)',
      '≤ 50 + 50 + 20 = 120 ms',
      'PASS',
    );
    expectRow('join: Join click → B within 40 ms of A for 1 s', '1.48 s', '≤ 2 s', 'PASS');
    expectRow(
      'join: Join click → C within 40 ms of A for 1 s',
      'not in sync within 5 s',
      '≤ 2 s',
      'MISS',
    );
    expectRow('back in sync: B after the stall began', '1.50 s', '', '  - ');
    expectRow('seeks per peer, not scripted (in steady state)', 'A 0 (0)  B 2 (1)', '', '  - ');
    expectRow(
      'echoes: relay revisions beyond one per action',
      '1  (rev +5: 3/7 actions, 1 hold/resume)',
      '0',
      'MISS',
    );
  });

  it('misses the spread target when p95 is over 40 ms', () => {
    const spread = { n: 450, p50: 12, p95: 45, p99: 50, max: 60 };
    const [row] = formatRun(HEADING, { ...METRICS, spread }).slice(3);
    expect(row).toMatch(/^spread between peers.*p95 45\.0 .*MISS$/);
  });

  it('names a run without jitter by its delay alone', () => {
    const [, title] = formatRun({ ...HEADING, jitterMs: 0 }, METRICS);
    expect(title).toContain('one-way delay 50 ms each direction');
  });
});
