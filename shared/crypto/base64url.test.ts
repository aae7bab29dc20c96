import { describe, expect, it } from 'vitest';
import { decodeBase64url, encodeBase64url, utf8 } from './base64url.ts';

describe('base64url', () => {
  it.each([
    ['', ''],
    ['f', 'Zg'],
    ['fo', 'Zm8'],
    ['foo', 'Zm9v'],
    ['foob', 'Zm9vYg'],
    ['\u00ff\u00fe', 'w7_Dvg'],
  ])('encodes %j as %s and back', (text, encoded) => {
    expect(encodeBase64url(utf8(text))).toBe(encoded);
    expect(new TextDecoder().decode(decodeBase64url(encoded)!)).toBe(text);
  });

  it.each(['Z', 'Zh', 'Zm9v=', 'Zm9+', 'Zm9/', 'Zm 9v', 'Zé'])('refuses non-canonical or foreign input %j', (text) => {
    expect(decodeBase64url(text)).toBeNull();
  });

  it('round-trips random bytes of every length up to 64', () => {
    for (let length = 0; length <= 64; length++) {
      const bytes = crypto.getRandomValues(new Uint8Array(length));
      expect(decodeBase64url(encodeBase64url(bytes))).toEqual(bytes);
    }
  });
});
