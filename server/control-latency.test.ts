import { describe, expect, it } from 'vitest';
import { ControlLatency } from './control-latency';

function latency() {
  const observed: number[] = [];
  const clock = { now: 1000 };
  const tracker = new ControlLatency({ observe: (s) => observed.push(s) }, () => clock.now);
  return { observed, clock, tracker };
}

describe('ControlLatency', () => {
  it('observes from the arrival to the delivery, whichever of answer and delivery comes first', () => {
    const { observed, clock, tracker } = latency();
    const first = tracker.received();
    clock.now += 4;
    first.applied('room-a', 2);
    clock.now += 3;
    tracker.delivered('room-a', 2);

    const second = tracker.received();
    clock.now += 5;
    tracker.delivered('room-a', 3);
    clock.now += 2;
    second.applied('room-a', 3);
    expect(observed).toEqual([0.007, 0.005]);
  });

  it('pairs by room and rev only', () => {
    const { observed, clock, tracker } = latency();
    tracker.received().applied('room-a', 2);
    clock.now += 1;
    tracker.delivered('room-b', 2);
    tracker.delivered('room-a', 3);
    tracker.delivered('room-a', 3);
    expect(observed).toEqual([]);
    tracker.delivered('room-a', 2);
    expect(observed).toEqual([0.001]);
  });

  it('forgets a half whose other half does not come within ten seconds', () => {
    const { observed, clock, tracker } = latency();
    tracker.received().applied('room-a', 2);
    tracker.delivered('room-a', 5);
    clock.now += 10_000;
    tracker.delivered('room-a', 2);
    tracker.received().applied('room-a', 5);
    expect(observed).toEqual([]);
  });
});
