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
  const error = path ? `${path}: ${issue.message}` : issue.message;
  // Issue messages quote what was received: cut, so that an answer never echoes a whole frame.
  return { ok: false, error: cut(error, MAX_PARSE_ERROR_CHARS) };
}

/**
 * `text` within `max` UTF-16 units (as a schema's `maxLength` counts them), ending in `…` when
 * cut, and never in half a surrogate pair.
 */
function cut(text: string, max: number): string {
  if (text.length <= max) return text;
  let kept = '';
  for (const char of text) {
    if (kept.length + char.length > max - 1) break;
    kept += char;
  }
  return `${kept}…`;
}
