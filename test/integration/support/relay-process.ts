/**
 * A relay node in a process of its own (`server/main.ts` under tsx), so that a test can kill it
 * the hard way: no closing handshakes, no cleanup, its Redis entries left behind.
 * @module
 */
import { spawn } from 'node:child_process';
import { resolve } from 'node:path';
import { createInterface } from 'node:readline';

export interface RelayProcess {
  url: string;
  /** SIGKILL: a crash, as far as its clients and Redis can tell. */
  kill(): Promise<void>;
}

const ROOT = resolve(import.meta.dirname, '../../..');

/** Starts the relay's entry point (`npm run relay`) with `env` and resolves once it listens. */
export async function startRelayProcess(env: Record<string, string>): Promise<RelayProcess> {
  // tsx as a loader rather than its CLI, which would run the relay in a grandchild that a kill
  // of this process leaves running.
  const child = spawn(process.execPath, ['--import', 'tsx', 'server/main.ts'], {
    cwd: ROOT,
    env: { ...process.env, PORT: '0', ...env },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const exited = new Promise<void>((done) => child.once('exit', () => done()));
  const lines = createInterface({ input: child.stdout });
  const port = await new Promise<number>((resolvePort, reject) => {
    child.once('exit', (code) => reject(new Error(`relay process exited with ${code}`)));
    lines.on('line', (line) => {
      const event = JSON.parse(line) as { event?: string; port?: number };
      if (event.event === 'relay_listening' && event.port) resolvePort(event.port);
    });
  });
  return {
    url: `http://127.0.0.1:${port}`,
    async kill() {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
      await exited;
    },
  };
}
