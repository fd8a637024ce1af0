/**
 * Parsing one text frame with a schema, never throwing.
 * @module
 */
import * as v from 'valibot';
import { MAX_PARSE_ERROR_CHARS } from './server-frames';

export type Parsed<T> = { ok: true; value: T } | { ok: false; error: string };

/** Parses one text frame with a schema; never throws. */
export function parseFrame<T extends v.GenericSchema>(
  schema: T,
  text: string,
): Parsed<v.InferOutput<T>> {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    return { ok: false, error: 'not JSON' };
  }
  const result = v.safeParse(schema, json);
  if (result.success) return { ok: true, value: result.output };
  const issue = result.issues[0];
  const path = issue.path?.map((p) => String(p.key)).join('.') ?? '';
  return { ok: false, error: clipDetail(path ? `${path}: ${issue.message}` : issue.message) };
}

/**
 * `text` cut to `MAX_PARSE_ERROR_CHARS` UTF-16 units (as a schema's `maxLength` counts them),
 * ending in `…` when cut and never in half a surrogate pair: issue messages quote what was
 * received, and an answer must never echo a whole frame or body.
 */
export function clipDetail(text: string): string {
  if (text.length <= MAX_PARSE_ERROR_CHARS) return text;
  let kept = '';
  for (const char of text) {
    if (kept.length + char.length > MAX_PARSE_ERROR_CHARS - 1) break;
    kept += char;
  }
  return `${kept}…`;
}
