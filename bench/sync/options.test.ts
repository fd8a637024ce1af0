import { describe, expect, it } from 'vitest';
import { parseOptions, USAGE } from './options';

describe('bench:sync options', () => {
  it('defaults to 2 then 3 peers behind 50 ± 10 ms for 60 s', () => {
    expect(parseOptions([])).toEqual({
      peerCounts: [2, 3],
      delayMs: 50,
      jitterMs: 10,
      durationS: 60,
      zeroDelay: false,
    });
  });

  it('reads every flag', () => {
    const argv = ['--peers', '3', '--delay', '80', '--jitter', '0', '--duration', '90'];
    expect(parseOptions([...argv, '--zero-delay'])).toEqual({
      peerCounts: [3],
      delayMs: 80,
      jitterMs: 0,
      durationS: 90,
      zeroDelay: true,
    });
  });

  it('refuses numbers out of range, with the usage', () => {
    expect(() => parseOptions(['--peers', '4'])).toThrow(
      `--peers takes a number from 2 to 3\n${USAGE}`,
    );
    expect(() => parseOptions(['--peers', '2.5'])).toThrow('--peers takes 2 or 3');
    expect(() => parseOptions(['--duration', '30'])).toThrow(
      '--duration takes a number from 60 to 900',
    );
    expect(() => parseOptions(['--delay'])).toThrow('--delay takes a number from 0 to 2000');
    expect(() => parseOptions(['--delay', 'soon'])).toThrow('--delay takes a number');
  });

  it('refuses more jitter than delay, unknown flags, and answers --help with the usage', () => {
    expect(() => parseOptions(['--delay', '10', '--jitter', '20'])).toThrow(
      '--jitter (20) may not exceed --delay (10)',
    );
    expect(() => parseOptions(['--fast'])).toThrow(`unknown option --fast\n${USAGE}`);
    expect(() => parseOptions(['--help'])).toThrow(USAGE);
  });
});
