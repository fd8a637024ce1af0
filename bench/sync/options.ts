/**
 * The benchmark's command line.
 * @module
 */
import { numberFlag } from '../common/number-flag';

export interface BenchOptions {
  /** Peer counts to run, in order. */
  peerCounts: number[];
  delayMs: number;
  jitterMs: number;
  durationS: number;
  /** Also run every peer count with no added delay, for the machine's own floor. */
  zeroDelay: boolean;
}

export const USAGE = `usage: npm run bench:sync -- [--peers 2|3] [--delay 50] [--jitter 10] [--duration 60] [--zero-delay]
  --peers N      run with N peers only (default: 2, then 3)
  --delay MS     one-way delay added by each peer's proxy, each direction (default 50)
  --jitter MS    uniform jitter around it, ± (default 10)
  --duration S   length of the scripted session in seconds, at least 60 (default 60)
  --zero-delay   also run with no added delay`;

/** Parses `argv` (without node and script); throws with the usage on anything unknown. */
export function parseOptions(argv: string[]): BenchOptions {
  const options: BenchOptions = {
    peerCounts: [2, 3],
    delayMs: 50,
    jitterMs: 10,
    durationS: 60,
    zeroDelay: false,
  };
  const number = (flag: string, raw: string | undefined, min: number, max: number): number =>
    numberFlag(USAGE, flag, raw, min, max);
  for (let i = 0; i < argv.length; i++) {
    const flag = argv[i]!;
    switch (flag) {
      case '--peers': {
        const peers = number(flag, argv[++i], 2, 3);
        if (!Number.isInteger(peers)) throw new Error(`--peers takes 2 or 3\n${USAGE}`);
        options.peerCounts = [peers];
        break;
      }
      case '--delay':
        options.delayMs = number(flag, argv[++i], 0, 2000);
        break;
      case '--jitter':
        options.jitterMs = number(flag, argv[++i], 0, 1000);
        break;
      case '--duration':
        options.durationS = number(flag, argv[++i], 60, 900);
        break;
      case '--zero-delay':
        options.zeroDelay = true;
        break;
      case '--help':
      case '-h':
        throw new Error(USAGE);
      default:
        throw new Error(`unknown option ${flag}\n${USAGE}`);
    }
  }
  if (options.jitterMs > options.delayMs) {
    throw new Error(`--jitter (${options.jitterMs}) may not exceed --delay (${options.delayMs})`);
  }
  return options;
}
