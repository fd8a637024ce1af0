/**
 * The relay process: configuration from the environment, one relay node, JSON-line logs on
 * stdout and a graceful stop on SIGTERM/SIGINT. The only place that reads `process.env`.
 * @module
 */
import { ConfigError, loadConfig, type Config } from './config';
import { jsonLineLog } from './log';
import { startRelay } from './relay-server';

function configFromEnv(): Config & { redisUrl: string } {
  try {
    const config = loadConfig(process.env);
    if (config.redisUrl === undefined) {
      throw new ConfigError(
        'REDIS_URL is not set: point it at a Redis server (npm start runs one for you)',
      );
    }
    return { ...config, redisUrl: config.redisUrl };
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    process.stderr.write(`${error.message}\n`);
    process.exit(1);
  }
}

const config = configFromEnv();
const log = jsonLineLog(config.nodeId, (line) => process.stdout.write(line));

try {
  const relay = await startRelay({ config, redisUrl: config.redisUrl, log });
  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) return;
    stopping = true;
    log('relay_stopping', { signal });
    relay.close().then(
      () => process.exit(0),
      (error: unknown) => {
        log('relay_stop_failed', { error: String(error) });
        process.exit(1);
      },
    );
  };
  process.on('SIGTERM', () => stop('SIGTERM'));
  process.on('SIGINT', () => stop('SIGINT'));
} catch (error) {
  log('relay_start_failed', { error: String(error) });
  process.exit(1);
}
