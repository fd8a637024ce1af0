/**
 * One relay node in a process of its own, for `relay-bench.ts`: configured from the environment
 * like `server/main.ts`, reporting its port, memory and notable log events over IPC.
 * @module
 */
import { loadConfig } from '../../server/config';
import type { Log } from '../../server/log';
import { startRelay } from '../../server/relay-server';
import type { EventCounts, ServerReport } from './ipc';
import { serveMeasurements } from './server-process';

/** Routine events a busy node logs all the time; anything else is worth counting. */
const ROUTINE = new Set([
  'ws_joined',
  'ws_closed',
  'room_subscribed',
  'room_unsubscribed',
  'relay_listening',
  'relay_closed',
]);

const events: EventCounts = {};
const log: Log = (event) => {
  if (!ROUTINE.has(event)) events[event] = (events[event] ?? 0) + 1;
};

const send = (report: ServerReport): void => {
  process.send?.(report);
};

try {
  const config = loadConfig(process.env);
  if (config.redisUrl === undefined) throw new Error('REDIS_URL is not set');
  const relay = await startRelay({ config, redisUrl: config.redisUrl, log });
  serveMeasurements(
    () => events,
    () => relay.close(),
  );
  send({ type: 'ready', port: relay.port });
} catch (error) {
  send({ type: 'failed', error: error instanceof Error ? error.message : String(error) });
  process.exit(1);
}
