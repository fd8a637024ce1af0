/**
 * Prints one run's figures as a compact table, each beside its target and marked PASS or MISS.
 * @module
 */
import { nearestRank } from '../common/stats';
import { inFrames, type SessionMetrics } from './metrics';

export interface RunHeading {
  peers: number;
  delayMs: number;
  jitterMs: number;
  durationS: number;
  wallS: number;
}

type Verdict = 'PASS' | 'MISS' | '  - ';

const ms = (value: number | null | undefined, digits = 0): string =>
  value === null || value === undefined ? 'n/a' : value.toFixed(digits);

function verdict(ok: boolean | null): Verdict {
  return ok === null ? '  - ' : ok ? 'PASS' : 'MISS';
}

/** The table as lines of text. */
export function formatRun(heading: RunHeading, m: SessionMetrics): string[] {
  const rows: Array<[string, string, string, Verdict]> = [];
  const delay = heading.delayMs;
  const oneWay = heading.jitterMs ? `${delay} ± ${heading.jitterMs} ms` : `${delay} ms`;

  const s = m.spread;
  rows.push([
    `spread between peers, steady (n=${s?.n ?? 0} × ${20} ms)`,
    s
      ? `p50 ${ms(s.p50, 1)}  p95 ${ms(s.p95, 1)}  p99 ${ms(s.p99, 1)}  max ${ms(s.max, 1)} ms`
      : 'no steady samples',
    'p50 ≤ 15, p95 ≤ 40 ms',
    verdict(s ? s.p50 <= 15 && s.p95 <= 40 : false),
  ]);

  const skews = m.starts.map((x) => x.skewMs).filter((x): x is number => x !== null);
  const sorted = [...skews].sort((a, b) => a - b);
  const pick = (q: number): number | null => (sorted.length ? nearestRank(sorted, q) : null);
  rows.push([
    `start skew: play + seek resumes (n=${skews.length})`,
    `p50 ${ms(pick(0.5))}  p95 ${ms(pick(0.95))}  max ${ms(pick(1))} ms`,
    'p95 ≤ 40 ms',
    verdict(skews.length === m.starts.length && skews.length > 0 ? pick(0.95)! <= 40 : false),
  ]);
  for (const start of m.starts) {
    rows.push([`  ${start.label}`, `${ms(start.skewMs)} ms`, '', '  - ']);
  }

  const diff = m.pause.positionDiffMs;
  rows.push([
    'pause: paused frames apart after the snap',
    diff === null ? 'n/a' : `${ms(diff, 1)} ms = ${inFrames(diff).toFixed(2)} frames @25fps`,
    'same frame ±1',
    verdict(diff === null ? false : inFrames(diff) <= 1 + 1e-6),
  ]);
  const budget = delay + delay + 20;
  for (const p of m.pause.propagationMs) {
    rows.push([
      `pause: A pause() → ${p.name} pause event`,
      `${ms(p.ms)} ms  (one-way A→relay ${oneWay}, relay→${p.name} ${oneWay})`,
      `≤ ${delay} + ${delay} + 20 = ${budget} ms`,
      verdict(p.ms === null ? false : p.ms <= budget),
    ]);
  }
  for (const j of m.joins) {
    rows.push([
      `join: Join click → ${j.name} within 40 ms of A for 1 s`,
      j.ms === null ? 'not in sync within 5 s' : `${(j.ms / 1000).toFixed(2)} s`,
      '≤ 2 s',
      verdict(j.ms !== null && j.ms <= 2000),
    ]);
  }
  for (const r of m.recoveries) {
    rows.push([
      `back in sync: ${r.label}`,
      r.ms === null ? 'not in sync before the next step' : `${(r.ms / 1000).toFixed(2)} s`,
      '',
      '  - ',
    ]);
  }
  rows.push([
    'seeks per peer, not scripted (in steady state)',
    m.counts.map((c) => `${c.name} ${c.seeks} (${c.steadySeeks})`).join('  '),
    '',
    '  - ',
  ]);
  rows.push([
    'rate changes per peer, not scripted (steady)',
    m.counts.map((c) => `${c.name} ${c.rateChanges} (${c.steadyRateChanges})`).join('  '),
    '',
    '  - ',
  ]);
  const r = m.revisions;
  const unseen = r.unseen ? `, ${r.unseen} not seen on the channel` : '';
  rows.push([
    'echoes: relay revisions beyond one per action',
    `${r.echoes}  (rev +${r.delta}: ${r.actions}/${r.expected} actions, ${r.holds} hold/resume${unseen})`,
    '0',
    verdict(r.echoes === 0 && r.unseen === 0),
  ]);

  const widths = [0, 1, 2].map((col) => Math.max(...rows.map((row) => row[col]!.length)));
  const title =
    `${heading.peers} peers · one-way delay ${oneWay} each direction · ` +
    `${heading.durationS} s script · run took ${heading.wallS.toFixed(0)} s`;
  const line = '─'.repeat(widths[0]! + widths[1]! + widths[2]! + 12);
  return [
    line,
    title,
    line,
    ...rows.map(
      ([figure, value, target, mark]) =>
        `${figure.padEnd(widths[0]!)}  ${value.padEnd(widths[1]!)}  ${target.padEnd(widths[2]!)}  ${mark}`,
    ),
  ];
}
