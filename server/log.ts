/**
 * Structured logging: one event name plus fields, written as one JSON line.
 * @module
 */

/** Fields of a log event. Never put tokens, sessions or invite keys here; room ids are fine. */
export type LogFields = Record<string, string | number | boolean | null | undefined>;

/** Records one event. */
export type Log = (event: string, fields?: LogFields) => void;

/** A `Log` that discards everything. */
export const silentLog: Log = () => {};

/** A `Log` writing `{"time","node","event",…fields}` lines through `write`. */
export function jsonLineLog(nodeId: string, write: (line: string) => void): Log {
  return (event, fields) => {
    write(
      `${JSON.stringify({ time: new Date().toISOString(), node: nodeId, event, ...fields })}\n`,
    );
  };
}
