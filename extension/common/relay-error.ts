/**
 * Errors from talking to the relay, each with a sentence a user can act on.
 * @module
 */

export type RelayErrorKind =
  | 'unreachable'
  | 'not_found'
  | 'unauthorized'
  | 'invalid'
  /** The change no longer fits what the relay holds (a 409): its message says why. */
  | 'conflict'
  | 'unavailable'
  | 'protocol';

export class RelayError extends Error {
  constructor(
    readonly kind: RelayErrorKind,
    message: string,
    /** The relay's own error code, when it sent one. */
    readonly code?: string,
  ) {
    super(message);
    this.name = 'RelayError';
  }
}

export function unreachableMessage(relayUrl: string): string {
  return `Can't reach the We Watch server at ${relayUrl}. Check your connection or the server address in Settings, then retry.`;
}

/** A user-facing sentence for anything thrown while serving a popup or tab request. */
export function describeError(error: unknown): string {
  if (error instanceof RelayError) return error.message;
  return `Something went wrong: ${error instanceof Error ? error.message : String(error)}`;
}
