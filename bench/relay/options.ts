/**
 * The relay benchmark's command line.
 * @module
 */
import { numberFlag } from '../common/number-flag';

/** The server setups a run compares, in the order they run. */
export const SETUPS = ['bare', 'relay', 'relay2'] as const;
export type Setup = (typeof SETUPS)[number];

export interface RelayBenchOptions {
  connections: number;
  roomSize: number;
  /** Controls per second per room, one measurement step each, in order. */
  rates: number[];
  stepSeconds: number;
  warmupSeconds: number;
  setups: Setup[];
  loadProcesses: number;
  /** Where server processes write V8 CPU profiles (`--cpu-prof`); null for none. */
  cpuProfileDir: string | null;
}

/** The relay's per-connection frame budget (`server/relay/connection.ts`: 20/s, burst 40). */
export const RELAY_FRAMES_PER_SECOND = 20;
/** Senders rotate through a room's members; each stays at or below this share of the budget. */
const BUDGET_SHARE = 0.8;

export const USAGE = `usage: npm run bench:relay -- [options]
  --connections N    WebSocket connections in all (default 2000, at most 20000; capped by ulimit -n)
  --room-size N      members per room (default 4, 2 to 16)
  --rates A,B,…      controls per second per room, one step each (default 1,5,20,50)
  --step-seconds S   measured seconds per step (default 8)
  --warmup-seconds S unmeasured seconds before each step (default 2)
  --setups LIST      which of bare,relay,relay2 to run (default all three)
  --load-processes N load generator processes, rooms split between them (default 1)
  --cpu-prof DIR     write a V8 CPU profile of each server process into DIR (open in DevTools)`;

/** Parses `argv` (without node and script); throws with the usage on anything wrong. */
export function parseRelayBenchOptions(argv: string[]): RelayBenchOptions {
  const options: RelayBenchOptions = {
    connections: 2000,
    roomSize: 4,
    rates: [1, 5, 20, 50],
    stepSeconds: 8,
    warmupSeconds: 2,
    setups: [...SETUPS],
    loadProcesses: 1,
    cpuProfileDir: null,
  };
  const number = (flag: string, raw: string | undefined, min: number, max: number): number =>
    numberFlag(USAGE, flag, raw, min, max);
  const whole = (flag: string, raw: string | undefined, min: number, max: number): number => {
    const value = number(flag, raw, min, max);
    if (!Number.isInteger(value)) throw new Error(`${flag} takes a whole number\n${USAGE}`);
    return value;
  };
  for (let i = 0; i < argv.length; i++) {
    const flag = argv[i]!;
    switch (flag) {
      case '--connections':
        options.connections = whole(flag, argv[++i], 2, 20_000);
        break;
      case '--room-size':
        options.roomSize = whole(flag, argv[++i], 2, 16);
        break;
      case '--rates':
        options.rates = (argv[++i] ?? '').split(',').map((rate) => number(flag, rate, 0.1, 1000));
        break;
      case '--step-seconds':
        options.stepSeconds = number(flag, argv[++i], 1, 600);
        break;
      case '--warmup-seconds':
        options.warmupSeconds = number(flag, argv[++i], 0, 60);
        break;
      case '--setups': {
        const setups = (argv[++i] ?? '').split(',');
        for (const setup of setups) {
          if (!(SETUPS as readonly string[]).includes(setup)) {
            throw new Error(`--setups takes some of ${SETUPS.join(',')}\n${USAGE}`);
          }
        }
        options.setups = SETUPS.filter((setup) => setups.includes(setup));
        break;
      }
      case '--load-processes':
        options.loadProcesses = whole(flag, argv[++i], 1, 8);
        break;
      case '--cpu-prof': {
        const dir = argv[++i];
        if (!dir || dir.startsWith('--')) throw new Error(`--cpu-prof takes a directory\n${USAGE}`);
        options.cpuProfileDir = dir;
        break;
      }
      case '--help':
      case '-h':
        throw new Error(USAGE);
      default:
        throw new Error(`unknown option ${flag}\n${USAGE}`);
    }
  }
  const perConnection = Math.max(...options.rates) / options.roomSize;
  const allowed = RELAY_FRAMES_PER_SECOND * BUDGET_SHARE;
  if (perConnection > allowed) {
    throw new Error(
      `--rates up to ${Math.max(...options.rates)}/s per room means ${perConnection.toFixed(1)} ` +
        `frames/s per connection with rooms of ${options.roomSize}; keep it at or below ` +
        `${allowed} (the relay allows ${RELAY_FRAMES_PER_SECOND}/s) so that its per-connection ` +
        `budget is not what limits throughput: at most ${allowed * options.roomSize}/s per room`,
    );
  }
  if (options.connections < options.roomSize) {
    throw new Error(`--connections must be at least --room-size (${options.roomSize})`);
  }
  return options;
}
