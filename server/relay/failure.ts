/**
 * Turning a failed store call into the member's answer: the shared state unreachable or full
 * (try again later) or a bug of the relay's own.
 * @module
 */
import type { Connection } from './connection';
import type { RelayContext } from './relay-context';

/** Close code for "try again later" (RFC 6455 1013). */
const TRY_AGAIN_LATER = 1013;
/** Close code for an unexpected server error (RFC 6455 1011). */
const INTERNAL_ERROR = 1011;

/** Logs `error` under `event` and closes the member's socket with the code that fits it. */
export function failOnError(
  { deps }: RelayContext,
  connection: Connection,
  error: unknown,
  event: string,
): void {
  const rid = connection.room?.rid;
  if (deps.isStorageFull(error)) {
    deps.log(event, { rid, storageFull: true, error: String(error) });
    connection.fail({ code: 'storage_full' }, TRY_AGAIN_LATER);
    return;
  }
  const outage = deps.isOutage(error);
  deps.log(event, { rid, outage, error: String(error) });
  if (outage) connection.fail({ code: 'unavailable' }, TRY_AGAIN_LATER);
  else connection.fail({ code: 'internal_error' }, INTERNAL_ERROR);
}
