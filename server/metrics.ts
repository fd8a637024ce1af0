/**
 * Prometheus metrics without a dependency: counters with one label, gauges read at scrape time,
 * and the text exposition format (version 0.0.4) that `/metrics` serves.
 * @module
 */

/** The content type of `MetricsRegistry.render()`. */
export const METRICS_CONTENT_TYPE = 'text/plain; version=0.0.4; charset=utf-8';

/** A monotonically increasing count per value of one label. */
export class Counter {
  readonly #values = new Map<string, number>();

  constructor(
    readonly name: string,
    readonly help: string,
    readonly label: string,
    /** Label values shown (as 0) before anything happens, so dashboards see the series. */
    seed: readonly string[] = [],
  ) {
    for (const value of seed) this.#values.set(value, 0);
  }

  /** Adds `by` (1 unless given) to the count for `value`. */
  inc(value: string, by = 1): void {
    this.#values.set(value, (this.#values.get(value) ?? 0) + by);
  }

  /** The count for `value` so far. */
  get(value: string): number {
    return this.#values.get(value) ?? 0;
  }

  render(): string[] {
    return [...this.#values].map(
      ([value, count]) => `${this.name}{${this.label}="${escapeLabel(value)}"} ${count}`,
    );
  }
}

interface Gauge {
  name: string;
  help: string;
  read(): number;
}

/** Named counters and gauges, rendered together. */
export class MetricsRegistry {
  readonly #counters: Counter[] = [];
  readonly #gauges: Gauge[] = [];

  /** A new counter of `label` values. */
  counter(name: string, help: string, label: string, seed: readonly string[] = []): Counter {
    const counter = new Counter(name, help, label, seed);
    this.#counters.push(counter);
    return counter;
  }

  /** A gauge whose value `read` returns at every scrape. */
  gauge(name: string, help: string, read: () => number): void {
    this.#gauges.push({ name, help, read });
  }

  /** Every metric in the Prometheus text format. */
  render(): string {
    const lines: string[] = [];
    for (const gauge of this.#gauges) {
      lines.push(`# HELP ${gauge.name} ${gauge.help}`, `# TYPE ${gauge.name} gauge`);
      lines.push(`${gauge.name} ${gauge.read()}`);
    }
    for (const counter of this.#counters) {
      lines.push(`# HELP ${counter.name} ${counter.help}`, `# TYPE ${counter.name} counter`);
      lines.push(...counter.render());
    }
    return `${lines.join('\n')}\n`;
  }
}

function escapeLabel(value: string): string {
  return value.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n');
}

/** The relay's own metrics; the live counts are registered by whoever owns them. */
export interface RelayMetrics {
  registry: MetricsRegistry;
  /** WebSocket frames, `in` from clients and `out` to them. */
  messages: Counter;
  /** WebSocket upgrades refused and connections closed for a fault, by reason. */
  rejects: Counter;
  /** Refusals by a per-IP limit, by limit. */
  rateLimited: Counter;
  /** HTTP answers by status. */
  httpRequests: Counter;
}

/** A registry with the relay's counters and the process's memory gauges. */
export function relayMetrics(): RelayMetrics {
  const registry = new MetricsRegistry();
  registry.gauge(
    'process_resident_memory_bytes',
    'Resident memory size in bytes.',
    () => process.memoryUsage().rss,
  );
  registry.gauge(
    'nodejs_heap_used_bytes',
    'V8 heap in use, in bytes.',
    () => process.memoryUsage().heapUsed,
  );
  return {
    registry,
    messages: registry.counter(
      'wewatch_messages_total',
      'WebSocket frames received from clients (in) and sent to them (out).',
      'direction',
      ['in', 'out'],
    ),
    rejects: registry.counter(
      'wewatch_rejects_total',
      'WebSocket upgrades refused and connections closed for a fault, by reason.',
      'reason',
    ),
    rateLimited: registry.counter(
      'wewatch_rate_limited_total',
      'Connections, joins and requests refused by a per-IP limit.',
      'limit',
      ['connections', 'joins', 'lookups', 'api', 'identities'],
    ),
    httpRequests: registry.counter(
      'wewatch_http_requests_total',
      'HTTP answers by status code.',
      'status',
    ),
  };
}
