import { hmac } from '@noble/hashes/hmac.js';
import { sha256 } from '@noble/hashes/sha2.js';
import { decodeBase64url, encodeBase64url, utf8 } from './base64url.ts';

/**
 * A per-sender signing key. The extension signs message ids and tracked links with it
 * synchronously inside the send handler, where WebCrypto's async API cannot be awaited;
 * hence a synchronous HMAC (@noble/hashes) shared by both halves.
 */
export interface LinkKey {
  /** 6 base64url characters; names the key inside every id it signs. */
  id: string;
  /** 32 random bytes, base64url. */
  secret: string;
}

export const LINK_KEY_ID_LENGTH = 6;
export const MAC_LENGTH = 22; // 16 bytes (128 bits) of HMAC-SHA256, base64url

// HMAC keyed once per secret and cloned per message: a send signs every link of the body (300
// in the bench) inside the webmail's send event, and keying is half of each HMAC's work.
const keyed = new Map<string, ReturnType<typeof hmac.create>>();

function keyedHmac(secret: string): ReturnType<typeof hmac.create> {
  let prepared = keyed.get(secret);
  if (!prepared) {
    const key = decodeBase64url(secret);
    if (!key) throw new Error('link key secret is not base64url');
    prepared = hmac.create(sha256, key);
    // A Worker isolate sees many senders' keys; keep only a few.
    if (keyed.size >= 32) keyed.clear();
    keyed.set(secret, prepared);
  }
  return prepared;
}

export function mac(secret: string, message: string): string {
  return encodeBase64url(keyedHmac(secret).clone().update(utf8(message)).digest().subarray(0, 16));
}

/** Compares two strings in time that depends only on their length, not on where they differ. */
export function constantTimeEqual(a: string, b: string): boolean {
  if (a.length !== b.length) return false;
  let diff = 0;
  for (let i = 0; i < a.length; i++) diff |= a.charCodeAt(i) ^ b.charCodeAt(i);
  return diff === 0;
}
