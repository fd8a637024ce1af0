import { describe, expect, it } from 'vitest';
import { parseRelayBenchOptions, USAGE } from './options';

describe('bench:relay options', () => {
  it('defaults to 2000 connections in rooms of 4, four rate steps, every setup', () => {
    expect(parseRelayBenchOptions([])).toEqual({
      connections: 2000,
      roomSize: 4,
      rates: [1, 5, 20, 50],
      stepSeconds: 8,
      warmupSeconds: 2,
      setups: ['bare', 'relay', 'relay2'],
      loadProcesses: 1,
      cpuProfileDir: null,
    });
  });

  it('reads every flag, running the chosen setups in their fixed order', () => {
    const argv = [
      ['--connections', '8'],
      ['--room-size', '2'],
      ['--rates', '0.5,2'],
      ['--step-seconds', '1'],
      ['--warmup-seconds', '0'],
      ['--setups', 'relay2,bare'],
      ['--load-processes', '2'],
      ['--cpu-prof', 'profiles'],
    ].flat();
    expect(parseRelayBenchOptions(argv)).toEqual({
      connections: 8,
      roomSize: 2,
      rates: [0.5, 2],
      stepSeconds: 1,
      warmupSeconds: 0,
      setups: ['bare', 'relay2'],
      loadProcesses: 2,
      cpuProfileDir: 'profiles',
    });
  });

  it('keeps every member of a room within 80% of the relay’s 20 frames/s', () => {
    // Rooms of 4 sharing 70/s: 17.5 frames/s each, above 16; 64/s per room is the most.
    expect(() => parseRelayBenchOptions(['--rates', '1,70'])).toThrow(
      '--rates up to 70/s per room means 17.5 frames/s per connection with rooms of 4; keep it ' +
        'at or below 16',
    );
    expect(() => parseRelayBenchOptions(['--rates', '70'])).toThrow('at most 64/s per room');
    // Rooms of 8 sharing 100/s: 12.5 each.
    expect(parseRelayBenchOptions(['--room-size', '8', '--rates', '100']).rates).toEqual([100]);
  });

  it('refuses what it cannot run, with the usage', () => {
    expect(() => parseRelayBenchOptions(['--connections', '2.5'])).toThrow(
      `--connections takes a whole number\n${USAGE}`,
    );
    expect(() => parseRelayBenchOptions(['--connections', '3'])).toThrow(
      '--connections must be at least --room-size (4)',
    );
    expect(() => parseRelayBenchOptions(['--room-size', '17'])).toThrow(
      '--room-size takes a number from 2 to 16',
    );
    expect(() => parseRelayBenchOptions(['--setups', 'relay,nginx'])).toThrow(
      '--setups takes some of bare,relay,relay2',
    );
    expect(() => parseRelayBenchOptions(['--cpu-prof', '--setups'])).toThrow(
      '--cpu-prof takes a directory',
    );
    expect(() => parseRelayBenchOptions(['--fast'])).toThrow(`unknown option --fast\n${USAGE}`);
  });
});
