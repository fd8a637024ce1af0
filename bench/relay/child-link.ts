/**
 * A forked benchmark process and its IPC channel: send a command, await the reply of a given
 * type, and fail fast (rather than hang) when the child reports a failure or exits.
 * @module
 */
import { fork, type ChildProcess } from 'node:child_process';

interface Waiter {
  type: string;
  resolve(message: unknown): void;
  reject(error: Error): void;
}

/** Commands of type `C` out, reports of type `R` back; an `R` of type `failed` is an error. */
export class ChildLink<C, R extends { type: string }> {
  readonly #waiters: Waiter[] = [];
  #gone: Error | null = null;
  readonly #exited: Promise<void>;

  private constructor(
    readonly child: ChildProcess,
    readonly name: string,
  ) {
    child.on('message', (message: R) => {
      if (message.type === 'failed') {
        const error = (message as { error?: string }).error ?? 'unknown error';
        this.#failAll(new Error(`${name}: ${error}`));
        return;
      }
      const index = this.#waiters.findIndex((waiter) => waiter.type === message.type);
      if (index >= 0) this.#waiters.splice(index, 1)[0]!.resolve(message);
    });
    this.#exited = new Promise((resolve) => {
      child.once('exit', (code, signal) => {
        this.#gone = new Error(`${name} exited (${signal ?? `code ${code}`})`);
        this.#failAll(this.#gone);
        resolve();
      });
    });
  }

  /** Forks `modulePath` (a TypeScript file: the tsx loader is inherited through `execArgv`). */
  static fork<C, R extends { type: string }>(
    modulePath: string,
    name: string,
    options: { env?: NodeJS.ProcessEnv; execArgv?: string[] } = {},
  ): ChildLink<C, R> {
    const child = fork(modulePath, [], {
      env: options.env ?? process.env,
      execArgv: [...process.execArgv, ...(options.execArgv ?? [])],
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    });
    return new ChildLink<C, R>(child, name);
  }

  get pid(): number {
    return this.child.pid ?? -1;
  }

  /** Resolves with the next report of `type` (within `ms`). */
  waitFor<T extends R['type']>(type: T, ms: number): Promise<Extract<R, { type: T }>> {
    if (this.#gone) return Promise.reject(this.#gone);
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        const index = this.#waiters.indexOf(waiter);
        if (index >= 0) this.#waiters.splice(index, 1);
        reject(new Error(`${this.name}: no ${type} within ${ms / 1000} s`));
      }, ms);
      const waiter: Waiter = {
        type,
        resolve: (message) => {
          clearTimeout(timer);
          resolve(message as Extract<R, { type: T }>);
        },
        reject: (error) => {
          clearTimeout(timer);
          reject(error);
        },
      };
      this.#waiters.push(waiter);
    });
  }

  /** Sends `command` and resolves with the reply of type `reply`. */
  request<T extends R['type']>(command: C, reply: T, ms: number): Promise<Extract<R, { type: T }>> {
    const answer = this.waitFor(reply, ms);
    this.child.send(command as object);
    return answer;
  }

  /** Sends `command` (which should make the child exit); kills it if it has not within `ms`. */
  async close(command: C, ms = 10_000): Promise<void> {
    if (this.child.exitCode !== null || this.child.signalCode !== null) return;
    if (this.child.connected) this.child.send(command as object);
    let timer: NodeJS.Timeout | undefined;
    const late = new Promise<void>((resolve) => {
      timer = setTimeout(() => {
        this.child.kill('SIGKILL');
        resolve();
      }, ms);
    });
    await Promise.race([this.#exited, late]);
    clearTimeout(timer);
    await this.#exited;
  }

  #failAll(error: Error): void {
    for (const waiter of this.#waiters.splice(0)) waiter.reject(error);
  }
}
