/**
 * `/metrics` tells whoever reads it how busy the relay is and why it refuses clients: it needs
 * `METRICS_TOKEN` unless only this machine can reach the relay.
 */
import { describe, expect, it } from 'vitest';
import type { RunningRelay } from '../../server/relay-server';
import { testScope } from '../integration/harness';

const { relayWith } = testScope();
const TOKEN = 'metrics-token-for-tests';

async function scrape(relay: RunningRelay, token?: string) {
  // Through loopback whatever the relay is bound to.
  const response = await fetch(`http://127.0.0.1:${relay.port}/metrics`, {
    headers: token === undefined ? {} : { Authorization: `Bearer ${token}` },
  });
  const text = await response.text();
  return { status: response.status, text };
}

describe('/metrics', () => {
  it('is open on a relay bound to loopback', async () => {
    const relay = await relayWith({ HOST: '127.0.0.1' });
    expect(await scrape(relay)).toMatchObject({ status: 200, text: /wewatch_connections 0/ });
  });

  it('answers 403 without METRICS_TOKEN on a relay other machines can reach', async () => {
    const reachable: Record<string, string>[] = [
      { HOST: '0.0.0.0' },
      { HOST: '127.0.0.1', TRUST_PROXY: '1' },
    ];
    for (const env of reachable) {
      const relay = await relayWith(env);
      const { status, text } = await scrape(relay);
      expect(status).toBe(403);
      expect(JSON.parse(text)).toEqual({ error: { code: 'metrics_locked' } });
    }
  });

  it('needs the token, once set, wherever the relay is bound', async () => {
    const relay = await relayWith({ HOST: '0.0.0.0', METRICS_TOKEN: TOKEN });
    expect((await scrape(relay)).status).toBe(401);
    expect((await scrape(relay, 'not-the-metrics-token')).status).toBe(401);
    expect(await scrape(relay, TOKEN)).toMatchObject({ status: 200, text: /wewatch_rooms 0/ });
  });
});
