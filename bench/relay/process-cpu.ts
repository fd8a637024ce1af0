/**
 * CPU time of processes and of the whole machine, read from Linux's `/proc`, so a process is
 * measured from outside without its cooperation (a saturated server answers IPC late).
 * @module
 */
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { cpus } from 'node:os';

const TICKS_PER_SECOND = ticksPerSecond();

function ticksPerSecond(): number {
  try {
    const value = Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim());
    return Number.isFinite(value) && value > 0 ? value : 100;
  } catch {
    return 100;
  }
}

/** CPU ticks (user + system) in the text of a `/proc/<pid>/stat`. */
export function processTicks(stat: string): number {
  // The command name is in parentheses and may hold spaces: count fields after it.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  const utime = Number(fields[11]);
  const stime = Number(fields[12]);
  return utime + stime;
}

/** Busy ticks of the whole machine, summed over its cores, in the text of `/proc/stat`. */
export function machineBusyTicks(stat: string): number {
  const line = stat.split('\n')[0] ?? '';
  const [, ...values] = line.trim().split(/\s+/);
  const ticks = values.map(Number);
  // user … steal: the guest times after them are already counted in user and nice; idle and
  // iowait are not busy.
  const idle = (ticks[3] ?? 0) + (ticks[4] ?? 0);
  const total = ticks.slice(0, 8).reduce((sum, tick) => sum + tick, 0);
  return total - idle;
}

/** CPU seconds (user + system) `pid` has used so far; null if it cannot be read. */
function processCpuSeconds(pid: number): number | null {
  try {
    return processTicks(readFileSync(`/proc/${pid}/stat`, 'utf8')) / TICKS_PER_SECOND;
  } catch {
    return null;
  }
}

/** Busy CPU seconds of the whole machine so far, summed over its cores. */
function machineBusySeconds(): number | null {
  try {
    return machineBusyTicks(readFileSync('/proc/stat', 'utf8')) / TICKS_PER_SECOND;
  } catch {
    return null;
  }
}

export const CORES = cpus().length;

/** A snapshot of named processes' CPU seconds, and the machine's. */
export interface CpuSnapshot {
  at: number;
  processes: Map<number, number | null>;
  machine: number | null;
}

export function snapshotCpu(pids: readonly number[]): CpuSnapshot {
  const processes = new Map<number, number | null>();
  for (const pid of pids) processes.set(pid, processCpuSeconds(pid));
  return { at: performance.now(), processes, machine: machineBusySeconds() };
}

/** Percent of one core a process used between two snapshots (100 = one core flat out). */
export function cpuPercent(before: CpuSnapshot, after: CpuSnapshot, pid: number): number | null {
  const a = before.processes.get(pid);
  const b = after.processes.get(pid);
  if (a === null || a === undefined || b === null || b === undefined) return null;
  return ((b - a) / ((after.at - before.at) / 1000)) * 100;
}

/** Percent of one core the whole machine was busy between two snapshots (max 100 × cores). */
export function machinePercent(before: CpuSnapshot, after: CpuSnapshot): number | null {
  if (before.machine === null || after.machine === null) return null;
  return ((after.machine - before.machine) / ((after.at - before.at) / 1000)) * 100;
}
