import { describe, expect, it } from 'vitest';
import {
  cpuPercent,
  machineBusyTicks,
  machinePercent,
  processTicks,
  type CpuSnapshot,
} from './process-cpu';

describe('processTicks', () => {
  it('adds utime and stime, the 14th and 15th fields, after a command name with spaces', () => {
    const stat =
      '4242 (node (load) 1) S 1 4242 4242 0 -1 4194304 100 0 0 0 250 75 0 0 20 0 1 0 5000';
    expect(processTicks(stat)).toBe(325);
  });
});

describe('machineBusyTicks', () => {
  it('sums user … steal of the first line, without idle and iowait', () => {
    // user 100, nice 20, system 30, idle 400, iowait 50, irq 6, softirq 7, steal 8, then the
    // guest times (already in user and nice): 621 in all, 450 of them idle.
    const stat = 'cpu  100 20 30 400 50 6 7 8 9 10\ncpu0 50 10 15 200 25 3 3 4 4 5\n';
    expect(machineBusyTicks(stat)).toBe(171);
  });
});

describe('cpuPercent and machinePercent', () => {
  const before: CpuSnapshot = { at: 1000, processes: new Map([[7, 2.5]]), machine: 10 };
  const after: CpuSnapshot = {
    at: 3000,
    processes: new Map<number, number | null>([
      [7, 3.5],
      [8, null],
    ]),
    machine: 13,
  };

  it('divides CPU seconds by wall seconds, as a percent of one core', () => {
    expect(cpuPercent(before, after, 7)).toBe(50); // 1 s over 2 s
    expect(machinePercent(before, after)).toBe(150); // 3 s over 2 s
  });

  it('has no figure for a process that was not read', () => {
    expect(cpuPercent(before, after, 8)).toBeNull();
    expect(cpuPercent(before, after, 9)).toBeNull();
    expect(machinePercent(before, { ...after, machine: null })).toBeNull();
  });
});
