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
  const chars = [...error];
  return {
    ok: false,
    error:
      chars.length > MAX_PARSE_ERROR_CHARS
        ? `${chars.slice(0, MAX_PARSE_ERROR_CHARS - 1).join('')}…`
        : error,
  };
}
