/**
 * Structured logging on pino: one event name plus fields, written as one JSON line.
 * @module
 */
import { pino, stdTimeFunctions } from 'pino';

/** Fields of a log event. Never put tokens, sessions or invite keys here; room ids are fine. */
export type LogFields = Record<string, string | number | boolean | null | undefined>;

/** Records one event. */
export type Log = (event: string, fields?: LogFields) => void;

/** A `Log` that discards everything. */
export const silentLog: Log = () => {};

/**
 * Field names whose values are censored should one ever be logged by mistake: the relay's
 * secrets are bearer tokens, sessions and invite keys, and whatever carried them (headers).
 */
const SECRET_FIELDS = [
  'token',
  'session',
  'key',
  'inviteKey',
  'secret',
  'authorization',
  'Authorization',
  'cookie',
];

/**
 * A `Log` writing `{"level","time","node","event",…fields}` lines through `write`: pino's level
 * (30, info, on every line), the ISO time, this node's id, then the event and its fields.
 */
export function jsonLineLog(nodeId: string, write: (line: string) => void): Log {
  const logger = pino(
    {
      base: { node: nodeId },
      timestamp: stdTimeFunctions.isoTime,
      redact: { paths: SECRET_FIELDS, censor: '[redacted]' },
    },
    { write },
  );
  return (event, fields) => logger.info({ event, ...fields });
}
