/**
 * How many bytes a value takes as JSON on the wire, for the protocol's size limits.
 * @module
 */

const utf8 = new TextEncoder();

/**
 * The UTF-8 length of `value` as `JSON.stringify` writes it: in strings, quotes, backslashes and
 * control characters take their escapes (up to 6 bytes for 1), and so does a lone surrogate.
 */
export function jsonBytes(value: unknown): number {
  return utf8.encode(JSON.stringify(value)).length;
}
