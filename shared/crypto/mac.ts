import { _HMAC } from '@noble/hashes/hmac.js';
import { sha256 } from '@noble/hashes/sha2.js';
import { decodeBase64url, encodeBase64url, utf8Scratch } from './base64url.ts';

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

type Hmac = _HMAC<ReturnType<typeof sha256.create>>;

// HMAC keyed once per secret and copied per message into one scratch instance: a send signs
// every link of the body (300 in the bench) inside the webmail's send event, and keying is half
// of each HMAC's work; a fresh clone, digest and UTF-8 array per link was most of the rest.
const keyed = new Map<string, Hmac>();
let scratch: Hmac | undefined;
const digest = new Uint8Array(32);

function keyedHmac(secret: string): Hmac {
  let prepared = keyed.get(secret);
  if (!prepared) {
    const key = decodeBase64url(secret);
    if (!key) throw new Error('link key secret is not base64url');
    prepared = new _HMAC(sha256, key);
    // A Worker isolate sees many senders' keys; keep only a few.
    if (keyed.size >= 32) keyed.clear();
    keyed.set(secret, prepared);
  }
  return prepared;
}

export function mac(secret: string, message: string): string {
  // Synchronous from copy to digest, so one scratch instance serves every call.
  const copy = keyedHmac(secret)._cloneInto(scratch);
  scratch = copy;
  copy.update(utf8Scratch(message));
  copy.digestInto(digest);
  return encodeBase64url(digest.subarray(0, 16));
}

/** Compares two strings in time that depends only on their length, not on where they differ. */
export function constantTimeEqual(a: string, b: string): boolean {
  if (a.length !== b.length) return false;
  let diff = 0;
  for (let i = 0; i < a.length; i++) diff |= a.charCodeAt(i) ^ b.charCodeAt(i);
  return diff === 0;
}
