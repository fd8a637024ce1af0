/**
 * Random secrets and identifiers, and the hashes under which secrets are stored.
 * @module
 */
import { createHash, randomBytes } from 'node:crypto';

/** A 256-bit secret as 43 base64url characters (identity tokens and sessions). */
export function newSecret(): string {
  return randomBytes(32).toString('base64url');
}

/** A random 128-bit id as 32 hex characters. */
export function newId(): string {
  return randomBytes(16).toString('hex');
}

/** Hex SHA-256; secrets are only ever stored under this, so a leaked key dump holds none. */
export function sha256Hex(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}

/** The room id of an invite key: logs and Redis keys carry this, never the key itself. */
export function roomIdForKey(inviteKey: string): string {
  return sha256Hex(inviteKey).slice(0, 32);
}
