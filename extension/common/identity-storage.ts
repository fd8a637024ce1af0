/**
 * Where the anonymous identities live: one record per relay URL in `storage.local` (its token,
 * a refusal the user has not yet acted on, tokens set aside by **Start over** or a restore) and
 * one session per relay URL in `storage.session`, so a restarted service worker does not need
 * another rotation. A token is only ever read back for the relay it was stored under: a mistyped
 * or hostile relay URL never receives another relay's token (which it could replay there).
 *
 * Each record is a WXT storage item at version 1, the shape released versions stored under
 * `identity:<relayUrl>` and `session:<relayUrl>` (values stored without version metadata count
 * as version 1): a later shape adds its migration to `identityItem`, so no identity is lost.
 * @module
 */
import * as v from 'valibot';
import { storage } from 'wxt/utils/storage';
import { SecretSchema } from '../../shared/protocol';
import { perRelayItem } from './per-relay-item';
import { getRelayUrl } from './settings';

/** Tokens set aside are kept, newest last, up to this many. */
const SET_ASIDE_LIMIT = 10;

export const IdentityRefusalSchema = v.object({
  /** The relay's error code (`token_reused`, `token_invalid`…). */
  code: v.string(),
  /** What happened, for the user. */
  message: v.string(),
});
export type IdentityRefusal = v.InferOutput<typeof IdentityRefusalSchema>;

const StoredIdentitySchema = v.object({
  token: v.optional(SecretSchema),
  /** The relay refused `token`: it is not sent again until the user chooses what to do. */
  refused: v.optional(IdentityRefusalSchema),
  /** Earlier tokens of this relay, never deleted: nothing the user had is destroyed. */
  setAside: v.optional(v.array(SecretSchema)),
});
export type StoredIdentity = v.InferOutput<typeof StoredIdentitySchema>;

const StoredSessionSchema = v.object({ session: SecretSchema, expiresAt: v.number() });
export type StoredSession = v.InferOutput<typeof StoredSessionSchema>;

const identityItem = perRelayItem<StoredIdentity>((relayUrl) => `local:identity:${relayUrl}`, {
  version: 1,
});
const sessionItem = perRelayItem<StoredSession>((relayUrl) => `session:session:${relayUrl}`, {
  version: 1,
});

/** Older versions kept one token, for whichever relay was set, and one session. */
const legacyTokenItem = storage.defineItem<unknown>('local:identityToken');
const legacySessionItem = storage.defineItem<unknown>('session:relaySession');

let migrated: Promise<void> | null = null;

/**
 * Moves the single token of older versions to the relay URL set now (the relay that issued it,
 * so the user keeps their library), once. It changes keys, which an item's own migrations
 * cannot do.
 */
function migrateLegacyIdentity(): Promise<void> {
  migrated ??= (async () => {
    const legacy = await legacyTokenItem.getValue();
    if (legacy === null) return;
    const item = identityItem(await getRelayUrl());
    if (v.is(SecretSchema, legacy) && (await item.getValue()) === null)
      await item.setValue({ token: legacy });
    await legacyTokenItem.removeValue();
    await legacySessionItem.removeValue();
  })().catch((error: unknown) => {
    migrated = null;
    throw error;
  });
  return migrated;
}

/** This browser's identity on `relayUrl` (empty when it has none yet). */
export async function readIdentity(relayUrl: string): Promise<StoredIdentity> {
  await migrateLegacyIdentity();
  const parsed = v.safeParse(StoredIdentitySchema, await identityItem(relayUrl).getValue());
  return parsed.success ? parsed.output : {};
}

export async function writeIdentity(relayUrl: string, identity: StoredIdentity): Promise<void> {
  await identityItem(relayUrl).setValue(identity);
}

/** `identity` with its token (if any, and not `keep`) added to the tokens set aside. */
export function settingAside(identity: StoredIdentity, keep?: string): string[] {
  const setAside = identity.setAside ?? [];
  if (!identity.token || identity.token === keep || setAside.includes(identity.token))
    return setAside;
  return [...setAside, identity.token].slice(-SET_ASIDE_LIMIT);
}

/** The session kept for `relayUrl`, if it has not run out. */
export async function readSession(relayUrl: string): Promise<string | null> {
  const parsed = v.safeParse(StoredSessionSchema, await sessionItem(relayUrl).getValue());
  return parsed.success && parsed.output.expiresAt > Date.now() ? parsed.output.session : null;
}

export async function writeSession(relayUrl: string, session: StoredSession): Promise<void> {
  await sessionItem(relayUrl).setValue(session);
}

export async function forgetSession(relayUrl: string): Promise<void> {
  await sessionItem(relayUrl).removeValue();
}
