import { randomBase64url } from '../crypto/base64url.ts';
import { LINK_KEY_ID_LENGTH, MAC_LENGTH, constantTimeEqual, mac, type LinkKey } from '../crypto/mac.ts';

/**
 * A message id is minted by the extension at send time, before the Worker has heard of the
 * message: `<key id (6)><nonce (22)><mac (22)>`, 50 base64url characters. The MAC makes the id
 * self-authenticating, so the Worker can attribute a pixel hit that arrives before the
 * registration (or when the registration is lost) to the right sender, and nobody can
 * fabricate ids for somebody else's account.
 */
export const MESSAGE_ID_PATTERN = /^[A-Za-z0-9_-]{16,64}$/;
const NONCE_LENGTH = 22; // 16 random bytes = 128 bits
export const MINTED_ID_LENGTH = LINK_KEY_ID_LENGTH + NONCE_LENGTH + MAC_LENGTH;

export function mintMessageId(key: LinkKey): string {
  const head = key.id + randomBase64url(16);
  return head + mac(key.secret, `message:${head}`);
}

/** The key id a minted message id names, or null when the id is not of the minted shape. */
export function messageIdKeyId(id: string): string | null {
  if (id.length !== MINTED_ID_LENGTH || !MESSAGE_ID_PATTERN.test(id)) return null;
  return id.slice(0, LINK_KEY_ID_LENGTH);
}

export function verifyMessageId(id: string, key: LinkKey): boolean {
  if (messageIdKeyId(id) !== key.id) return false;
  const head = id.slice(0, LINK_KEY_ID_LENGTH + NONCE_LENGTH);
  return constantTimeEqual(id.slice(head.length), mac(key.secret, `message:${head}`));
}
