/**
 * One relay node in a process of its own, for `bench:relay`: configured from the environment
 * like `server/main.ts`, reporting its port, memory and notable log events over IPC.
 * @module
 */
import type { Log } from '../../server/log';
import { startRelayInProcess } from '../../test/support/relay';
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
  const redisUrl = process.env.REDIS_URL;
  if (redisUrl === undefined) throw new Error('REDIS_URL is not set');
  const relay = await startRelayInProcess({ redisUrl, env: process.env, log });
  serveMeasurements(
    () => events,
    () => relay.close(),
  );
  send({ type: 'ready', port: relay.port });
} catch (error) {
  send({ type: 'failed', error: error instanceof Error ? error.message : String(error) });
  process.exit(1);
}
