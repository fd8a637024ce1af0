/**
 * `npm run bench:relay`: how many room updates a second the relay delivers, how fast, at what
 * CPU and memory cost, on one node and on two nodes through Redis, beside a bare `ws` broadcast
 * server with no checks as the ceiling. Every server and the load generator run in processes of
 * their own. A measurement, not a test: it exits 0 whether targets are met or not, and non-zero
 * only when it could not measure.
 * @module
 */
import { loadavg } from 'node:os';
import Redis from 'ioredis';
import { startRedis } from '../../test/support/redis-server';
import { CleanupStack } from '../common/cleanup-stack';
import { capConnections } from './limits';
import { parseRelayBenchOptions, RELAY_FRAMES_PER_SECOND, type RelayBenchOptions } from './options';
import { CORES } from './process-cpu';
import { formatSetup, formatSummary, type SetupResult } from './report';
import { LABELS, runSetup } from './setup';

const log = (line: string): void => console.log(line);

async function main(options: RelayBenchOptions, cleanup: CleanupStack): Promise<void> {
  const started = Date.now();
  const [one, five] = loadavg();
  log(
    `machine: ${CORES} cores, load average ${one?.toFixed(2)} / ${five?.toFixed(2)} (1 / 5 min); ` +
      `shared machines give noisy figures: the "others CPU" column shows what else ran`,
  );
  const connections = capConnections(options, log);
  const perConnection = Math.max(...options.rates) / options.roomSize;
  log(
    `load: ${connections} connections in rooms of ${options.roomSize}; each room sends ` +
      `${options.rates.join(', ')} controls/s in turn (alternating speed changes), rotating the ` +
      `sender through its members: at most ${perConnection.toFixed(1)} frames/s per connection, ` +
      `below the relay's ${RELAY_FRAMES_PER_SECOND}/s per-connection budget, so that budget is ` +
      `never what limits throughput. One control in flight per room; latency is send → state ` +
      `at each other member, in ${options.loadProcesses} load process(es) of their own.`,
  );
  const redisServer = await startRedis();
  cleanup.add('redis-server', redisServer, (r) => r.stop());
  const client = new Redis(redisServer.url);
  cleanup.add('redis client', client, (c) => c.quit());
  const info = await client.info('server');
  const pid = Number(/process_id:(\d+)/.exec(info)?.[1]);
  const redis = { url: redisServer.url, client, pid: Number.isFinite(pid) ? pid : null };

  const results: SetupResult[] = [];
  for (const setup of options.setups) {
    log(`\n${LABELS[setup]}: starting, joining ${connections} connections…`);
    const setupCleanup = new CleanupStack();
    const closeSetup = cleanup.add(`${setup} setup`, setupCleanup, (s) => s.closeAll());
    const result = await runSetup(setup, options, connections, redis, closeSetup, log);
    results.push(result);
    log(formatSetup(result, options.stepSeconds).join('\n'));
  }
  log('\nall setups:');
  for (const result of results) log(formatSetup(result, options.stepSeconds).join('\n'));
  log(formatSummary(results).join('\n'));
  log(`\ntotal wall time: ${((Date.now() - started) / 1000).toFixed(1)} s`);
}

const cleanup = new CleanupStack();
let interrupted = false;
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.on(signal, () => {
    if (interrupted) process.exit(130);
    interrupted = true;
    console.error(`\n${signal}: stopping the load, the servers and Redis…`);
    void cleanup.closeAll().finally(() => process.exit(130));
  });
}

let options: RelayBenchOptions;
try {
  options = parseRelayBenchOptions(process.argv.slice(2));
} catch (error) {
  console.error(error instanceof Error ? error.message : String(error));
  process.exit(2);
}
try {
  await main(options, cleanup);
  await cleanup.closeAll();
} catch (error) {
  if (!interrupted) {
    console.error(
      `\nbench:relay could not finish: ${error instanceof Error ? error.message : String(error)}`,
    );
    await cleanup.closeAll();
    process.exitCode = 1;
  }
}
