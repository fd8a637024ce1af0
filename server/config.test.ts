import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from './config';

describe('loadConfig', () => {
  it('fills in the documented defaults', () => {
    const config = loadConfig({});
    expect(config).toMatchObject({
      port: 8787,
      host: '127.0.0.1',
      redisUrl: undefined,
      allowedOrigins: ['chrome-extension://*', 'moz-extension://*'],
      keyPrefix: 'ww:',
      heartbeatMs: 15_000,
      handshakeMs: 10_000,
      tokenGraceMs: 30_000,
      sessionTtlS: 43_200,
      tokenTtlS: 180 * 86_400,
      roomLingerMs: 5_000,
      seekHoldCapMs: 5_000,
      stallHoldCapMs: 15_000,
      loadHoldCapMs: 10_000,
      chatBurst: 5,
      chatRefillMs: 2000,
      removedForMs: 600_000,
      maxRoomMembers: 50,
      trustProxy: false,
      maxConnectionsPerIp: 50,
      joinsPerIpPerMin: 120,
      lookupsPerIpPerMin: 60,
      apiRequestsPerIpPerMin: 600,
      metricsToken: undefined,
    });
    expect(config.nodeId).toMatch(/^[0-9a-f]{8}$/);
  });

  it('reads every variable', () => {
    const config = loadConfig({
      PORT: '0',
      HOST: '0.0.0.0',
      REDIS_URL: 'redis://127.0.0.1:6380',
      NODE_ID: 'relay-1',
      ALLOWED_ORIGINS: ' chrome-extension://abc , http://localhost:* ',
      KEY_PREFIX: 'test:',
      HEARTBEAT_MS: '50',
      TOKEN_GRACE_MS: '0',
      SEEK_HOLD_CAP_MS: '300',
      STALL_HOLD_CAP_MS: '400',
      CHAT_BURST: '30',
      CHAT_REFILL_MS: '10',
      REMOVED_FOR_MS: '1500',
      MAX_ROOM_MEMBERS: '8',
      TRUST_PROXY: '1',
      MAX_CONNECTIONS_PER_IP: '0',
      JOINS_PER_IP_PER_MIN: '3',
      LOOKUPS_PER_IP_PER_MIN: '4',
      API_REQUESTS_PER_IP_PER_MIN: '5',
      METRICS_TOKEN: 'a-metrics-token-0123',
    });
    expect(config).toMatchObject({
      port: 0,
      host: '0.0.0.0',
      redisUrl: 'redis://127.0.0.1:6380',
      nodeId: 'relay-1',
      allowedOrigins: ['chrome-extension://abc', 'http://localhost:*'],
      keyPrefix: 'test:',
      heartbeatMs: 50,
      tokenGraceMs: 0,
      seekHoldCapMs: 300,
      stallHoldCapMs: 400,
      chatBurst: 30,
      chatRefillMs: 10,
      removedForMs: 1500,
      maxRoomMembers: 8,
      trustProxy: true,
      maxConnectionsPerIp: 0,
      joinsPerIpPerMin: 3,
      lookupsPerIpPerMin: 4,
      apiRequestsPerIpPerMin: 5,
      metricsToken: 'a-metrics-token-0123',
    });
  });

  it('lists every invalid variable in one error', () => {
    const load = () =>
      loadConfig({
        PORT: '80a',
        HEARTBEAT_MS: '60000',
        REDIS_URL: 'http://x',
        NODE_ID: 'a b',
        TRUST_PROXY: 'yes',
        JOINS_PER_IP_PER_MIN: '-1',
        METRICS_TOKEN: 'short',
      });
    expect(load).toThrow(ConfigError);
    for (const name of [
      'PORT',
      'HEARTBEAT_MS',
      'REDIS_URL',
      'NODE_ID',
      'TRUST_PROXY',
      'JOINS_PER_IP_PER_MIN',
      'METRICS_TOKEN',
    ]) {
      expect(load).toThrow(new RegExp(`^  ${name} `, 'm'));
    }
  });
});
