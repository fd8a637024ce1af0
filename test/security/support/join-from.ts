/**
 * Members who connect from an address of the test's choosing: the relays under test trust
 * `X-Forwarded-For` (`TRUST_PROXY=1`), as they would behind a proxy.
 * @module
 */
import type { RunningRelay } from '../../../server/relay-server';
import { TestClient } from '../../integration/harness';

/** Socket options that make a connection come from `ip`. */
export const from = (ip: string) => ({ headers: { 'X-Forwarded-For': ip } });

/** Joins `key` from `ip` (with a session, as that user) and closes the socket with `cleanups`. */
export async function joinFrom(
  cleanups: (() => Promise<unknown> | void)[],
  relay: RunningRelay,
  key: string,
  name: string,
  ip: string,
  session?: string,
) {
  const joined = await TestClient.join(
    relay,
    key,
    session ? { name, session } : { name },
    from(ip),
  );
  cleanups.push(() => joined.client.close());
  return joined;
}
