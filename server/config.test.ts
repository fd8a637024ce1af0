import { describe, expect, it } from 'vitest';
import { ConfigError, isLoopbackHost, loadConfig } from './config';
import { DEFAULT_TRUSTED_PROXIES } from './http/client-ip';

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
      sessionTtlS: 43_200,
      tokenTtlS: 365 * 86_400,
      roomLingerMs: 5_000,
      seekHoldCapMs: 5_000,
      stallHoldCapMs: 15_000,
      loadHoldCapMs: 10_000,
      chatBurst: 5,
      chatRefillMs: 2000,
      removedForMs: 600_000,
      maxRoomMembers: 50,
      trustProxy: false,
      trustedProxies: [...DEFAULT_TRUSTED_PROXIES],
      maxConnectionsPerIp: 50,
      joinsPerIpPerMin: 120,
      lookupsPerIpPerMin: 60,
      apiRequestsPerIpPerMin: 600,
      newIdentitiesPerIpPerHour: 30,
      metricsToken: undefined,
      accountIdleTtlS: 365 * 86_400,
      httpHeadersTimeoutMs: 10_000,
      httpRequestTimeoutMs: 60_000,
      httpKeepAliveTimeoutMs: 5_000,
      maxConnectionsPerNode: 20_000,
      redisCommandTimeoutMs: 3_000,
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
      SEEK_HOLD_CAP_MS: '300',
      STALL_HOLD_CAP_MS: '400',
      CHAT_BURST: '30',
      CHAT_REFILL_MS: '10',
      REMOVED_FOR_MS: '1500',
      MAX_ROOM_MEMBERS: '8',
      TRUST_PROXY: '1',
      TRUSTED_PROXIES: ' 198.51.100.0/24 , 2001:db8::1 ',
      MAX_CONNECTIONS_PER_IP: '0',
      JOINS_PER_IP_PER_MIN: '3',
      LOOKUPS_PER_IP_PER_MIN: '4',
      API_REQUESTS_PER_IP_PER_MIN: '5',
      IDENTITIES_PER_IP_PER_HOUR: '6',
      METRICS_TOKEN: 'a-metrics-token-0123',
      ACCOUNT_IDLE_TTL_S: '2',
      HTTP_HEADERS_TIMEOUT_MS: '500',
      HTTP_REQUEST_TIMEOUT_MS: '1000',
      HTTP_KEEPALIVE_TIMEOUT_MS: '300',
      MAX_CONNECTIONS_PER_NODE: '2',
      REDIS_COMMAND_TIMEOUT_MS: '250',
    });
    expect(config).toMatchObject({
      port: 0,
      host: '0.0.0.0',
      redisUrl: 'redis://127.0.0.1:6380',
      nodeId: 'relay-1',
      allowedOrigins: ['chrome-extension://abc', 'http://localhost:*'],
      keyPrefix: 'test:',
      heartbeatMs: 50,
      seekHoldCapMs: 300,
      stallHoldCapMs: 400,
      chatBurst: 30,
      chatRefillMs: 10,
      removedForMs: 1500,
      maxRoomMembers: 8,
      trustProxy: true,
      trustedProxies: ['198.51.100.0/24', '2001:db8::1'],
      maxConnectionsPerIp: 0,
      joinsPerIpPerMin: 3,
      lookupsPerIpPerMin: 4,
      apiRequestsPerIpPerMin: 5,
      newIdentitiesPerIpPerHour: 6,
      metricsToken: 'a-metrics-token-0123',
      accountIdleTtlS: 2,
      httpHeadersTimeoutMs: 500,
      httpRequestTimeoutMs: 1000,
      httpKeepAliveTimeoutMs: 300,
      maxConnectionsPerNode: 2,
      redisCommandTimeoutMs: 250,
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
        TRUSTED_PROXIES: '10.0.0.0/8,proxy.local',
        METRICS_TOKEN: 'short',
        ACCOUNT_IDLE_TTL_S: '0',
        MAX_CONNECTIONS_PER_NODE: '0',
        REDIS_COMMAND_TIMEOUT_MS: '10',
        HTTP_KEEPALIVE_TIMEOUT_MS: '1e3',
      });
    expect(load).toThrow(ConfigError);
    for (const name of [
      'PORT',
      'HEARTBEAT_MS',
      'REDIS_URL',
      'NODE_ID',
      'TRUST_PROXY',
      'JOINS_PER_IP_PER_MIN',
      'TRUSTED_PROXIES',
      'METRICS_TOKEN',
      'ACCOUNT_IDLE_TTL_S',
      'MAX_CONNECTIONS_PER_NODE',
      'REDIS_COMMAND_TIMEOUT_MS',
      'HTTP_KEEPALIVE_TIMEOUT_MS',
    ]) {
      expect(load).toThrow(new RegExp(`^  ${name} `, 'm'));
    }
  });

  it('refuses a header timeout longer than the request timeout', () => {
    expect(() =>
      loadConfig({ HTTP_HEADERS_TIMEOUT_MS: '20000', HTTP_REQUEST_TIMEOUT_MS: '10000' }),
    ).toThrow(/^ {2}HTTP_HEADERS_TIMEOUT_MS must not be longer than HTTP_REQUEST_TIMEOUT_MS$/m);
  });
});

describe('isLoopbackHost', () => {
  it('tells loopback interfaces from the others', () => {
    for (const host of [
      '127.0.0.1',
      '127.1.2.3',
      '::1',
      '[::1]',
      'localhost',
      '::ffff:127.0.0.1',
    ]) {
      expect(isLoopbackHost(host), host).toBe(true);
    }
    for (const host of ['0.0.0.0', '::', '192.168.1.10', '10.0.0.1', 'relay.example.org']) {
      expect(isLoopbackHost(host), host).toBe(false);
    }
  });
});
