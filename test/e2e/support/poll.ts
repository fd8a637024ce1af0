/**
 * Waiting on a condition in a browser the test drives, for the popup and overlay drivers.
 * @module
 */

/** How often a condition is looked at again. */
export const POLL_MS = 50;

/** Calls `attempt` until it returns a value (not null/undefined/false), or fails with `explain`. */
export async function poll<T>(
  attempt: () => Promise<T | null | undefined | false>,
  timeoutMs: number,
  explain: () => Promise<string>,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let lastError: string | undefined;
  for (;;) {
    try {
      const value = await attempt();
      if (value !== null && value !== undefined && value !== false) return value;
    } catch (error) {
      lastError = error instanceof Error ? error.message : String(error);
    }
    if (Date.now() >= deadline) {
      const cause = lastError ? ` (last error: ${lastError})` : '';
      throw new Error(`${await explain()} after ${timeoutMs} ms${cause}`);
    }
    await new Promise((resolve) => setTimeout(resolve, POLL_MS));
  }
}
