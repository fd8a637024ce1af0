/**
 * The per-address limits the relay asks before it does any work for a joiner.
 * @module
 */

/** Allowed, or refused with the seconds until trying again can help. */
export type Admission = { allowed: true } | { allowed: false; retryAfterS: number };

export interface JoinLimits {
  /** Counts one join from `ip` against its limit. */
  admitJoin(ip: string): Promise<Admission>;
}
