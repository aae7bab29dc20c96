import { sha256 } from '@noble/hashes/sha2.js';
import { bytesToHex } from '@noble/hashes/utils.js';
import { randomBase64url, utf8 } from '../../shared/crypto/base64url.ts';

/**
 * A stream ticket is `<object id>.<secret>`: the object id routes the upgrade to the sender's
 * object without a lookup (and without showing the account id), the secret is checked there.
 */
export function formatTicket(objectId: string, secret: string): string {
  return `${objectId}.${secret}`;
}

export function parseTicket(ticket: string): { objectId: string; secret: string } | null {
  const match = /^([0-9a-f]{64})\.([A-Za-z0-9_-]{32})$/.exec(ticket);
  return match ? { objectId: match[1]!, secret: match[2]! } : null;
}

export function mintTicketSecret(): string {
  return randomBase64url(24);
}

/** Only a ticket's hash is stored, so storage alone never yields a usable ticket. */
export function hashTicketSecret(secret: string): string {
  return bytesToHex(sha256(utf8(secret)));
}
