/**
 * Invite keys: 130 bits from a CSPRNG, written as 26 lowercase base32 characters so they survive
 * being read aloud, pasted into chat or typed on a phone.
 * @module
 */

const ALPHABET = 'abcdefghijklmnopqrstuvwxyz234567';
export const INVITE_KEY_LENGTH = 26;
export const INVITE_KEY_PATTERN = /^[a-z2-7]{26}$/;

/** The URL fragment that carries an invite key (`#wewatch=KEY`): fragments never reach a server. */
export const INVITE_FRAGMENT_PARAM = 'wewatch';

/** A fresh invite key; `crypto.getRandomValues` exists in Node 20 and in every extension context. */
export function generateInviteKey(): string {
  const bytes = new Uint8Array(INVITE_KEY_LENGTH);
  crypto.getRandomValues(bytes);
  // 256 is a multiple of 32, so taking each byte modulo 32 keeps every character uniform.
  return Array.from(bytes, (b) => ALPHABET[b % 32]).join('');
}

/**
 * Reads what a user pasted: a bare key (any case, spaces or dashes allowed) or an invite link
 * carrying `#wewatch=KEY`. Returns the normalised key, or null when it cannot be one.
 */
export function parseInviteInput(input: string): string | null {
  const text = input.trim();
  const fromLink = new RegExp(`[#&]${INVITE_FRAGMENT_PARAM}=([A-Za-z2-7 -]+)`).exec(text);
  const candidate = (fromLink?.[1] ?? text).replace(/[\s-]/g, '').toLowerCase();
  return INVITE_KEY_PATTERN.test(candidate) ? candidate : null;
}

/** The shareable link: opening it with the extension installed offers to join the room. */
export function inviteLink(youtubeId: string, key: string): string {
  return `https://www.youtube.com/watch?v=${encodeURIComponent(youtubeId)}#${INVITE_FRAGMENT_PARAM}=${key}`;
}
