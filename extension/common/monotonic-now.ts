/**
 * Milliseconds on a clock that never jumps backwards within a context. Every extension context on
 * one machine shares its epoch (`timeOrigin` is wall time at context start), so the background's
 * clock offset to the relay holds in the content script too.
 */
export function monotonicNow(): number {
  return performance.timeOrigin + performance.now();
}
