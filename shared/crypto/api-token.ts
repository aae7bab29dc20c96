import { sha256 } from '@noble/hashes/sha2.js';
import { bytesToHex } from '@noble/hashes/utils.js';
import { randomBase64url, utf8 } from './base64url.ts';

/** API tokens are shown once and stored only as this hash (the token script and the Worker share it). */
export const API_TOKEN_PREFIX = 'slt_';

export function mintApiToken(): string {
  return API_TOKEN_PREFIX + randomBase64url(32);
}

export function hashApiToken(token: string): string {
  return bytesToHex(sha256(utf8(token)));
}

export function looksLikeApiToken(token: string): boolean {
  return /^slt_[A-Za-z0-9_-]{43}$/.test(token);
}
