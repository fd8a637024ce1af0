/**
 * Request bodies: JSON, validated with a shared schema.
 * @module
 */
import type { Context } from 'hono';
import type * as v from 'valibot';
import { parseFrame } from '../../shared/protocol';
import { ApiFailure } from './api-failure';

/** The body parsed with `schema`; throws a 400 `bad_request` naming the offending field. */
export async function readJsonBody<T extends v.GenericSchema>(
  c: Context,
  schema: T,
): Promise<v.InferOutput<T>> {
  const parsed = parseFrame(schema, await c.req.text());
  if (!parsed.ok) throw new ApiFailure('bad_request', { detail: parsed.error });
  return parsed.value;
}
