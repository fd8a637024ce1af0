/**
 * A real relay node for browser tests, on a free port and a fresh key prefix of the run's Redis.
 * @module
 */
import { randomBytes } from 'node:crypto';
import { loadConfig } from '../../../server/config';
import { startRelay, type RunningRelay } from '../../../server/relay-server';

export async function startTestRelay(
  redisUrl: string,
  env: Record<string, string> = {},
): Promise<RunningRelay & { keyPrefix: string }> {
  const keyPrefix = `e2e-${randomBytes(4).toString('hex')}:`;
  const config = loadConfig({ PORT: '0', KEY_PREFIX: keyPrefix, ...env });
  const relay = await startRelay({ config, redisUrl });
  return Object.assign(relay, { keyPrefix });
}
