/**
 * A relay node in this process for tests and benchmarks: a free port, a key prefix of its own on
 * a shared Redis, test settings on top.
 * @module
 */
import { randomBytes } from 'node:crypto';
import { loadConfig } from '../../server/config';
import type { Log } from '../../server/log';
import { startRelay, type RunningRelay } from '../../server/relay-server';

/**
 * Per-IP limits off: every client of a test or benchmark comes from 127.0.0.1, and floods of
 * clients are the point of some of them.
 */
export const NO_IP_LIMITS = {
  MAX_CONNECTIONS_PER_IP: '0',
  JOINS_PER_IP_PER_MIN: '0',
  LOOKUPS_PER_IP_PER_MIN: '0',
  API_REQUESTS_PER_IP_PER_MIN: '0',
  IDENTITIES_PER_IP_PER_HOUR: '0',
} as const;

/** A key prefix no other relay of the run uses, starting with `label`. */
export function freshPrefix(label = 'wwtest'): string {
  return `${label}-${randomBytes(6).toString('hex')}:`;
}

export interface TestRelayOptions {
  redisUrl: string;
  /** The relay's configuration variables; PORT and KEY_PREFIX default to 0 and a fresh prefix. */
  env?: Record<string, string | undefined>;
  /** Hears the relay's log events (none are kept by default). */
  log?: Log;
}

/** Starts a relay on `redisUrl` and resolves once it listens, with the key prefix it uses. */
export async function startRelayInProcess({
  redisUrl,
  env = {},
  log,
}: TestRelayOptions): Promise<RunningRelay & { keyPrefix: string }> {
  const config = loadConfig({ PORT: '0', KEY_PREFIX: freshPrefix(), ...env });
  const relay = await startRelay({ config, redisUrl, ...(log ? { log } : {}) });
  return Object.assign(relay, { keyPrefix: config.keyPrefix });
}
