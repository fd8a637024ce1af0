/**
 * What counts as using an account, and so keeps it from expiring: opening a session, any call
 * made with one, and a room join that carries one.
 * @module
 */
import type { Log } from '../log';
import { isStorageFull } from '../redis/outage';
import type { AccountExpiry } from '../redis/stores/account-expiry';
import type { SessionUsers } from './require-user';

/**
 * Counts a visit of `uid`. While Redis is full the renewal is logged and skipped: reads must go
 * on working, and the next call tries again.
 */
export async function recordAccountUse(
  expiry: Pick<AccountExpiry, 'touch'>,
  uid: string,
  log: Log,
): Promise<void> {
  try {
    await expiry.touch(uid);
  } catch (error) {
    if (!isStorageFull(error)) throw error;
    log('account_refresh_failed', { error: String(error) });
  }
}

/** `users`, with every session it resolves counted as a visit of its user. */
export function sessionsRecordingUse(
  users: SessionUsers,
  expiry: Pick<AccountExpiry, 'touch'>,
  log: Log,
): SessionUsers {
  return {
    async userForSession(session) {
      const uid = await users.userForSession(session);
      if (uid !== null) await recordAccountUse(expiry, uid, log);
      return uid;
    },
  };
}
