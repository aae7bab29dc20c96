import { decodeBase64url, encodeBase64url, utf8Scratch } from './base64url.ts';
import { hmacKey, hmacSha256Into, type HmacKey } from './hmac-sha256.ts';

/**
 * A per-sender signing key. The extension signs message ids and tracked links with it
 * synchronously inside the send handler, where WebCrypto's async API cannot be awaited;
 * hence a synchronous HMAC (hmac-sha256.ts) shared by both halves.
 */
export interface LinkKey {
  /** 6 base64url characters; names the key inside every id it signs. */
  id: string;
  /** 32 random bytes, base64url. */
  secret: string;
}

export const LINK_KEY_ID_LENGTH = 6;
export const MAC_LENGTH = 22; // 16 bytes (128 bits) of HMAC-SHA256, base64url

// Keys prepared once per secret (their inner and outer blocks hashed): a send signs every link
// of the body (300 in the bench) inside the webmail's send event.
const keyed = new Map<string, HmacKey>();
const digest = new Uint8Array(32);

function keyFor(secret: string): HmacKey {
  let prepared = keyed.get(secret);
  if (!prepared) {
    const key = decodeBase64url(secret);
    if (!key) throw new Error('link key secret is not base64url');
    prepared = hmacKey(key);
    // A Worker isolate sees many senders' keys; keep only a few.
    if (keyed.size >= 32) keyed.clear();
    keyed.set(secret, prepared);
  }
  return prepared;
}

export function mac(secret: string, message: string): string {
  hmacSha256Into(keyFor(secret), utf8Scratch(message), digest);
  return encodeBase64url(digest.subarray(0, 16));
}

/** Compares two strings in time that depends only on their length, not on where they differ. */
export function constantTimeEqual(a: string, b: string): boolean {
  if (a.length !== b.length) return false;
  let diff = 0;
  for (let i = 0; i < a.length; i++) diff |= a.charCodeAt(i) ^ b.charCodeAt(i);
  return diff === 0;
}
