/**
 * A relay node in a process of its own (`server/main.ts`, as `npm run relay` runs it): for a test
 * that kills it the hard way (no closing handshakes, its Redis entries left behind), and for the
 * scripts that run relays on this machine.
 * @module
 */
import { spawn } from 'node:child_process';
import { join, resolve } from 'node:path';
import { createInterface } from 'node:readline';
import { exitOf, stopChild, type Exit } from './stop-child';

const ROOT = resolve(import.meta.dirname, '../..');

export interface RelayProcessOptions {
  /** Each line the relay logs (JSON), for example to show it; the lines are dropped otherwise. */
  onLine?: (line: string) => void;
  /** Names the relay in errors (default "relay process"). */
  name?: string;
  /** Give up when it has not started listening within this long (default: as long as it runs). */
  timeoutMs?: number;
}

export interface RelayProcess {
  url: string;
  port: number;
  pid: number;
  /** Resolves when the process has exited, however it ended. */
  exited: Promise<Exit>;
  /** SIGTERM: the relay closes its sockets; SIGKILL after `graceMs` if it has not exited. */
  stop(graceMs?: number): Promise<void>;
  /** SIGKILL: a crash, as far as its clients and Redis can tell. */
  kill(): Promise<void>;
}

/**
 * Starts the relay's entry point with `env` on top of this process's environment (PORT 0 unless
 * given) and resolves once it logs that it listens.
 */
export async function startRelayProcess(
  env: Record<string, string>,
  options: RelayProcessOptions = {},
): Promise<RelayProcess> {
  const name = options.name ?? 'relay process';
  // tsx as a loader rather than its CLI, which would run the relay in a grandchild that a kill
  // of this process leaves running.
  const child = spawn(process.execPath, ['--import', 'tsx', join('server', 'main.ts')], {
    cwd: ROOT,
    env: { ...process.env, PORT: '0', ...env },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const exited = exitOf(child);
  let timer: NodeJS.Timeout | undefined;
  const port = await new Promise<number>((resolvePort, reject) => {
    void exited.then(({ code, signal }) =>
      reject(new Error(`${name} exited with ${signal ?? `code ${code}`} while starting`)),
    );
    if (options.timeoutMs !== undefined) {
      timer = setTimeout(() => {
        child.kill('SIGKILL');
        reject(new Error(`${name} did not start within ${options.timeoutMs! / 1000} s`));
      }, options.timeoutMs);
    }
    // Every line is read (and handed on) for as long as the relay runs, so its pipe never fills.
    createInterface({ input: child.stdout }).on('line', (line) => {
      options.onLine?.(line);
      if (!line.includes('"relay_listening"')) return;
      const event = JSON.parse(line) as { port?: unknown };
      if (typeof event.port === 'number') resolvePort(event.port);
    });
  }).finally(() => clearTimeout(timer));
  return {
    url: `http://127.0.0.1:${port}`,
    port,
    pid: child.pid ?? -1,
    exited,
    stop: (graceMs) => stopChild(child, 'SIGTERM', graceMs),
    kill: () => stopChild(child, 'SIGKILL'),
  };
}
