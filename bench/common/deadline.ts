/**
 * Time limits for the benchmark's steps, so a stuck step fails with a message saying which.
 * @module
 */

/** Resolves like `promise`, or rejects with "<what> timed out after N s". */
export async function within<T>(what: string, ms: number, promise: Promise<T>): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what} timed out after ${ms / 1000} s`)), ms);
  });
  try {
    return await Promise.race([promise, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

/** Polls `check` every `intervalMs` until it returns a value other than null/undefined/false. */
export async function waitUntil<T>(
  what: string,
  ms: number,
  check: () => Promise<T | null | undefined | false>,
  intervalMs = 50,
): Promise<T> {
  const deadline = Date.now() + ms;
  let lastError = '';
  for (;;) {
    try {
      const value = await check();
      if (value !== null && value !== undefined && value !== false) return value;
    } catch (error) {
      lastError = ` (last error: ${error instanceof Error ? error.message : String(error)})`;
    }
    if (Date.now() > deadline)
      throw new Error(`${what}: not reached within ${ms / 1000} s${lastError}`);
    await sleep(intervalMs);
  }
}

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
