/**
 * An API error answer, thrown from a handler and rendered as `{ error: { code, message } }`.
 * @module
 */
import type { ContentfulStatusCode } from 'hono/utils/http-status';

/** A client-visible failure with its HTTP status and stable error code. */
export class ApiFailure extends Error {
  override name = 'ApiFailure';

  constructor(
    readonly status: ContentfulStatusCode,
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}
