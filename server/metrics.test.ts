import { describe, expect, it } from 'vitest';
import { MetricsRegistry, relayMetrics } from './metrics';

describe('MetricsRegistry', () => {
  it('renders gauges and counters in the Prometheus text format', () => {
    const registry = new MetricsRegistry();
    let open = 3;
    registry.gauge('demo_open', 'Open things.', () => open);
    const frames = registry.counter('demo_frames_total', 'Frames.', 'direction', ['in']);
    frames.inc('out', 2);
    frames.inc('in');
    open = 4;
    expect(registry.render()).toBe(
      [
        '# HELP demo_open Open things.',
        '# TYPE demo_open gauge',
        'demo_open 4',
        '# HELP demo_frames_total Frames.',
        '# TYPE demo_frames_total counter',
        'demo_frames_total{direction="in"} 1',
        'demo_frames_total{direction="out"} 2',
        '',
      ].join('\n'),
    );
  });

  it('escapes label values', () => {
    const registry = new MetricsRegistry();
    registry.counter('demo_total', 'Demo.', 'reason').inc('a"b\\c\nd');
    expect(registry.render()).toContain('demo_total{reason="a\\"b\\\\c\\nd"} 1');
  });

  it('includes the process memory gauges and seeded relay series', () => {
    const text = relayMetrics().registry.render();
    expect(text).toMatch(/^process_resident_memory_bytes \d+$/m);
    expect(text).toMatch(/^nodejs_heap_used_bytes \d+$/m);
    expect(text).toContain('wewatch_messages_total{direction="in"} 0');
    expect(text).toContain('wewatch_rate_limited_total{limit="joins"} 0');
  });
});
