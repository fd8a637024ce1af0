/**
 * Exponential backoff with jitter, so a relay that comes back is not hit by every member at once.
 * @param attempt 0 for the first retry
 * @param random a number in [0, 1)
 */
export function reconnectDelay(
  attempt: number,
  random: number,
  baseMs = 500,
  maxMs = 10_000,
): number {
  const ceiling = Math.min(maxMs, baseMs * 2 ** Math.min(attempt, 10));
  return Math.round(ceiling / 2 + (random * ceiling) / 2);
}
