/**
 * A real relay node for browser tests, on a free port and a fresh key prefix of the run's Redis,
 * with the relay's default limits.
 * @module
 */
import type { RunningRelay } from '../../../server/relay-server';
import { freshPrefix, startRelayInProcess } from '../../support/relay';

export function startTestRelay(
  redisUrl: string,
  env: Record<string, string> = {},
): Promise<RunningRelay & { keyPrefix: string }> {
  return startRelayInProcess({ redisUrl, env: { KEY_PREFIX: freshPrefix('e2e'), ...env } });
}
