import { describe, expect, it } from 'vitest';
import { decodeBase64url, encodeBase64url } from './base64url.ts';
import { hmacKey, hmacSha256Into } from './hmac-sha256.ts';
import { mac } from './mac.ts';

/** The same MAC through WebCrypto: HMAC-SHA256, first 16 bytes, base64url. */
async function reference(secret: string, message: string): Promise<string> {
  const key = await crypto.subtle.importKey('raw', new Uint8Array(decodeBase64url(secret)!), { name: 'HMAC', hash: 'SHA-256' }, false, ['sign']);
  const signature = new Uint8Array(await crypto.subtle.sign('HMAC', key, new TextEncoder().encode(message)));
  return encodeBase64url(signature.subarray(0, 16));
}

const secretA = 'YmVuY2gtYmVuY2gtYmVuY2gtYmVuY2gtYmVuY2gtYmVuY2g';
const secretB = encodeBase64url(new Uint8Array(32).map((_, i) => i * 7));

describe('hmacSha256Into', () => {
  it('is HMAC-SHA256 for every message length around the block and padding boundaries, keys up to a block', async () => {
    const out = new Uint8Array(32);
    for (let length = 0; length <= 200; length++) {
      const keyBytes = new Uint8Array(((length * 7) % 64) + 1).map((_, i) => (i * 31 + length) & 0xff);
      const message = new Uint8Array(length).map((_, i) => (i * 13 + length) & 0xff);
      hmacSha256Into(hmacKey(keyBytes), message, out);
      const key = await crypto.subtle.importKey('raw', keyBytes, { name: 'HMAC', hash: 'SHA-256' }, false, ['sign']);
      expect(encodeBase64url(out), `message of ${length} bytes`).toBe(encodeBase64url(new Uint8Array(await crypto.subtle.sign('HMAC', key, message))));
    }
  });
});

describe('mac', () => {
  it.each([
    ['', secretA],
    ['message:kBenchAAAAAAAAAAAAAAAAAAAAAA', secretA],
    ['click:kBenchAAAAAAAAAAAAAA0001:0:https://example.org/?q=é&x=日本', secretB],
    // Longer than the reused UTF-8 buffer, and than several SHA-256 blocks.
    [`click:id:7:https://example.org/${'ä'.repeat(1500)}`, secretA],
  ])('is HMAC-SHA256 truncated to 16 bytes (%#)', async (message, secret) => {
    expect(mac(secret, message)).toBe(await reference(secret, message));
  });

  it('gives each call its own answer when keys and lengths alternate (nothing left over from the call before)', async () => {
    const messages = Array.from({ length: 40 }, (_, i) => `click:m:${i}:https://example.org/${'x'.repeat(i * 13)}`);
    const computed = messages.map((message, i) => mac(i % 2 ? secretA : secretB, message));
    expect(computed).toEqual(await Promise.all(messages.map((message, i) => reference(i % 2 ? secretA : secretB, message))));
  });
});
