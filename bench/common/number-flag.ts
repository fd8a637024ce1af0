/**
 * Reading a benchmark flag's number, shared by the benchmarks' command lines.
 * @module
 */

/** `raw` as a number within [min, max]; throws naming the flag, followed by `usage`. */
export function numberFlag(
  usage: string,
  flag: string,
  raw: string | undefined,
  min: number,
  max: number,
): number {
  const value = Number(raw);
  if (raw === undefined || !Number.isFinite(value) || value < min || value > max) {
    throw new Error(`${flag} takes a number from ${min} to ${max}\n${usage}`);
  }
  return value;
}
