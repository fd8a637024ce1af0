/**
 * The relay's Prometheus metrics on prom-client: counters with one label, gauges read at scrape
 * time, histograms, and the process's own metrics, rendered in the text format `/metrics` serves.
 * @module
 */
import {
  collectDefaultMetrics,
  Counter as PromCounter,
  Gauge,
  Histogram as PromHistogram,
  Registry,
} from 'prom-client';
import { ControlLatency } from './control-latency';

/** The content type of `MetricsRegistry.render()` (text format 0.0.4). */
export const METRICS_CONTENT_TYPE = Registry.PROMETHEUS_CONTENT_TYPE;

/** A monotonically increasing count per value of one label. */
export class Counter {
  readonly #counter: PromCounter;

  constructor(
    registry: Registry,
    name: string,
    help: string,
    readonly label: string,
    /** Label values shown (as 0) before anything happens, so dashboards see the series. */
    seed: readonly string[] = [],
  ) {
    this.#counter = new PromCounter({ name, help, labelNames: [label], registers: [registry] });
    for (const value of seed) this.inc(value, 0);
  }

  /** Adds `by` (1 unless given) to the count for `value`. */
  inc(value: string, by = 1): void {
    this.#counter.inc({ [this.label]: value }, by);
  }

  /** The count for `value` so far. */
  async get(value: string): Promise<number> {
    const { values } = await this.#counter.get();
    return values.find((sample) => sample.labels[this.label] === value)?.value ?? 0;
  }
}

/** Durations in seconds, counted in buckets. */
export type Histogram = Pick<PromHistogram, 'observe' | 'startTimer'>;

/** Named counters, gauges and histograms, rendered together. */
export class MetricsRegistry {
  readonly #registry = new Registry();

  /** `alongside`: registries of metrics rendered before this one's (such as the process's). */
  constructor(private readonly alongside: readonly Registry[] = []) {}

  /** A new counter of `label` values. */
  counter(name: string, help: string, label: string, seed: readonly string[] = []): Counter {
    return new Counter(this.#registry, name, help, label, seed);
  }

  /** A gauge whose value `read` returns at every scrape. */
  gauge(name: string, help: string, read: () => number): void {
    gaugeReading(this.#registry, name, help, read);
  }

  /** A new histogram of durations in seconds, without labels. */
  histogram(name: string, help: string, buckets: number[]): Histogram {
    return new PromHistogram({ name, help, buckets, registers: [this.#registry] });
  }

  /** Every metric in the Prometheus text format. */
  render(): Promise<string> {
    return Registry.merge([...this.alongside, this.#registry]).metrics();
  }
}

function gaugeReading(registry: Registry, name: string, help: string, read: () => number): void {
  new Gauge({
    name,
    help,
    registers: [registry],
    collect() {
      this.set(read());
    },
  });
}

let processRegistry: Registry | undefined;

/**
 * The process's metrics (CPU, memory, heap, event-loop lag, GC, handles), in one registry per
 * process rather than prom-client's global one: relays started in one process (tests) share their
 * process, and each collection starts monitors (event-loop delay, GC observer) that never stop.
 */
function processMetrics(): Registry {
  if (processRegistry) return processRegistry;
  processRegistry = new Registry();
  collectDefaultMetrics({ register: processRegistry });
  // Older dashboards read this name; prom-client's own is nodejs_heap_size_used_bytes.
  gaugeReading(
    processRegistry,
    'nodejs_heap_used_bytes',
    'V8 heap in use, in bytes.',
    () => process.memoryUsage().heapUsed,
  );
  return processRegistry;
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
  /** From an applied control frame's arrival to its state sent to this node's members. */
  controlDelivery: ControlLatency;
  /** How long the Lua scripts take, as this node waits for them. */
  redisScripts: Histogram;
}

/** Seconds, from a millisecond up: a control crosses Redis twice (script, then pub/sub). */
const CONTROL_BUCKETS = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5];
/** Seconds, from a tenth of a millisecond up: one round trip plus the script's own work. */
const SCRIPT_BUCKETS = [0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 1];

/** A registry with the relay's counters and histograms and the process's metrics. */
export function relayMetrics(): RelayMetrics {
  const registry = new MetricsRegistry([processMetrics()]);
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
    controlDelivery: new ControlLatency(
      registry.histogram(
        'wewatch_control_delivery_seconds',
        'From a control frame received to its new state sent to the members on this node.',
        CONTROL_BUCKETS,
      ),
    ),
    redisScripts: registry.histogram(
      'wewatch_redis_script_seconds',
      'Lua script calls on Redis, from sending to the answer.',
      SCRIPT_BUCKETS,
    ),
  };
}
