import { describe, expect, it } from 'vitest';
import { MetricsRegistry, relayMetrics } from './metrics';

describe('MetricsRegistry', () => {
  it('renders gauges, counters and histograms in the Prometheus text format', async () => {
    const registry = new MetricsRegistry();
    let open = 3;
    registry.gauge('demo_open', 'Open things.', () => open);
    const frames = registry.counter('demo_frames_total', 'Frames.', 'direction', ['in']);
    const took = registry.histogram('demo_seconds', 'Durations.', [0.1, 1]);
    frames.inc('out', 2);
    frames.inc('in');
    took.observe(0.5);
    open = 4;
    expect(await registry.render()).toBe(
      [
        '# HELP demo_open Open things.',
        '# TYPE demo_open gauge',
        'demo_open 4',
        '',
        '# HELP demo_frames_total Frames.',
        '# TYPE demo_frames_total counter',
        'demo_frames_total{direction="in"} 1',
        'demo_frames_total{direction="out"} 2',
        '',
        '# HELP demo_seconds Durations.',
        '# TYPE demo_seconds histogram',
        'demo_seconds_bucket{le="0.1"} 0',
        'demo_seconds_bucket{le="1"} 1',
        'demo_seconds_bucket{le="+Inf"} 1',
        'demo_seconds_sum 0.5',
        'demo_seconds_count 1',
        '',
      ].join('\n'),
    );
    expect(await frames.get('out')).toBe(2);
    expect(await frames.get('never')).toBe(0);
  });

  it('escapes label values', async () => {
    const registry = new MetricsRegistry();
    registry.counter('demo_total', 'Demo.', 'reason').inc('a"b\\c\nd');
    expect(await registry.render()).toContain('demo_total{reason="a\\"b\\\\c\\nd"} 1');
  });
});

describe('relayMetrics', () => {
  it("includes the process's metrics, the seeded relay series and the latency histograms", async () => {
    const text = await relayMetrics().registry.render();
    expect(text).toMatch(/^process_resident_memory_bytes \d+$/m);
    expect(text).toMatch(/^nodejs_heap_used_bytes \d+$/m);
    expect(text).toMatch(/^nodejs_eventloop_lag_seconds [\d.e-]+$/m);
    expect(text).toMatch(/^nodejs_heap_size_used_bytes \d+$/m);
    expect(text).toContain('wewatch_messages_total{direction="in"} 0');
    expect(text).toContain('wewatch_rate_limited_total{limit="joins"} 0');
    expect(text).toContain('wewatch_control_delivery_seconds_count 0');
    expect(text).toContain('wewatch_redis_script_seconds_count 0');
  });

  it('keeps the counts of relays in one process apart, with one copy of the process metrics', async () => {
    const a = relayMetrics();
    const b = relayMetrics();
    a.messages.inc('in', 3);
    b.redisScripts.observe(0.002);
    const [textA, textB] = await Promise.all([a.registry.render(), b.registry.render()]);
    expect(textA).toContain('wewatch_messages_total{direction="in"} 3');
    expect(textB).toContain('wewatch_messages_total{direction="in"} 0');
    expect(textA).toContain('wewatch_redis_script_seconds_count 0');
    expect(textB).toContain('wewatch_redis_script_seconds_count 1');
    expect(textB.match(/^# TYPE process_resident_memory_bytes /gm)).toHaveLength(1);
  });
});
