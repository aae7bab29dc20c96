/**
 * HMAC-SHA256 for short messages, allocation-free, with the key's inner and outer blocks hashed
 * once. The extension signs every link of a body inside the webmail's send event (300 links in
 * the bench) and the Worker verifies a link on every click: with a general-purpose hash object
 * per message, copying, padding (with a BigInt length) and wiping it took most of the time.
 * Checked against WebCrypto in mac.test.ts.
 */
const K = Int32Array.from([
  0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4, 0xab1c5ed5, 0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3,
  0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174, 0xe49b69c1, 0xefbe4786, 0x0fc19dc6, 0x240ca1cc, 0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da,
  0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7, 0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967, 0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13,
  0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85, 0xa2bfe8a1, 0xa81a664b, 0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070,
  0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a, 0x5b9cca4f, 0x682e6ff3, 0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208,
  0x90befffa, 0xa4506ceb, 0xbef9a3f7, 0xc67178f2,
]);
const IV = Int32Array.from([0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a, 0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19]);

const w = new Int32Array(64);

/** One SHA-256 compression of the 64 bytes at `bytes[offset]` into `state`. */
function compress(state: Int32Array, bytes: Uint8Array, offset: number): void {
  for (let i = 0; i < 16; i++) {
    const at = offset + i * 4;
    w[i] = (bytes[at]! << 24) | (bytes[at + 1]! << 16) | (bytes[at + 2]! << 8) | bytes[at + 3]!;
  }
  for (let i = 16; i < 64; i++) {
    const a = w[i - 15]!;
    const b = w[i - 2]!;
    const s0 = ((a >>> 7) | (a << 25)) ^ ((a >>> 18) | (a << 14)) ^ (a >>> 3);
    const s1 = ((b >>> 17) | (b << 15)) ^ ((b >>> 19) | (b << 13)) ^ (b >>> 10);
    w[i] = (w[i - 16]! + s0 + w[i - 7]! + s1) | 0;
  }
  let a = state[0]!, b = state[1]!, c = state[2]!, d = state[3]!, e = state[4]!, f = state[5]!, g = state[6]!, h = state[7]!;
  for (let i = 0; i < 64; i++) {
    const s1 = ((e >>> 6) | (e << 26)) ^ ((e >>> 11) | (e << 21)) ^ ((e >>> 25) | (e << 7));
    const t1 = (h + s1 + ((e & f) ^ (~e & g)) + K[i]! + w[i]!) | 0;
    const s0 = ((a >>> 2) | (a << 30)) ^ ((a >>> 13) | (a << 19)) ^ ((a >>> 22) | (a << 10));
    const t2 = (s0 + ((a & b) ^ (a & c) ^ (b & c))) | 0;
    h = g;
    g = f;
    f = e;
    e = (d + t1) | 0;
    d = c;
    c = b;
    b = a;
    a = (t1 + t2) | 0;
  }
  state[0] = (state[0]! + a) | 0;
  state[1] = (state[1]! + b) | 0;
  state[2] = (state[2]! + c) | 0;
  state[3] = (state[3]! + d) | 0;
  state[4] = (state[4]! + e) | 0;
  state[5] = (state[5]! + f) | 0;
  state[6] = (state[6]! + g) | 0;
  state[7] = (state[7]! + h) | 0;
}

/** A key's states after its inner (ipad) and outer (opad) blocks. */
export interface HmacKey {
  inner: Int32Array;
  outer: Int32Array;
}

/** `key` of at most 64 bytes (link keys are 32). */
export function hmacKey(key: Uint8Array): HmacKey {
  if (key.length > 64) throw new Error('HMAC keys longer than a block are not supported here');
  const block = new Uint8Array(64);
  const inner = IV.slice();
  const outer = IV.slice();
  for (let i = 0; i < 64; i++) block[i] = (key[i] ?? 0) ^ 0x36;
  compress(inner, block, 0);
  for (let i = 0; i < 64; i++) block[i] = (key[i] ?? 0) ^ 0x5c;
  compress(outer, block, 0);
  return { inner, outer };
}

const state = new Int32Array(8);
const tail = new Uint8Array(128);

/** Hashes `message` (after `prefixBytes` already in `state`) to its end, with SHA-256's padding. */
function finish(message: Uint8Array, prefixBytes: number): void {
  const full = message.length - (message.length % 64);
  for (let offset = 0; offset < full; offset += 64) compress(state, message, offset);
  const rest = message.length - full;
  tail.fill(0);
  tail.set(message.subarray(full));
  tail[rest] = 0x80;
  const blocks = rest + 9 <= 64 ? 1 : 2;
  const bits = (prefixBytes + message.length) * 8;
  const end = blocks * 64;
  // A 64-bit big-endian bit count; messages here are far below 2^32 bits.
  tail[end - 4] = bits >>> 24;
  tail[end - 3] = (bits >>> 16) & 0xff;
  tail[end - 2] = (bits >>> 8) & 0xff;
  tail[end - 1] = bits & 0xff;
  tail[end - 5] = Math.floor(bits / 2 ** 32) & 0xff;
  compress(state, tail, 0);
  if (blocks === 2) compress(state, tail, 64);
}

const innerDigest = new Uint8Array(32);

/** `state` as the digest's 32 bytes, big-endian. */
function digestInto(out: Uint8Array): void {
  for (let i = 0; i < 8; i++) {
    const word = state[i]!;
    out[i * 4] = word >>> 24;
    out[i * 4 + 1] = (word >>> 16) & 0xff;
    out[i * 4 + 2] = (word >>> 8) & 0xff;
    out[i * 4 + 3] = word & 0xff;
  }
}

/** HMAC-SHA256 of `message` under `key`, written to `out` (32 bytes). */
export function hmacSha256Into(key: HmacKey, message: Uint8Array, out: Uint8Array): void {
  state.set(key.inner);
  finish(message, 64);
  digestInto(innerDigest);
  state.set(key.outer);
  finish(innerDigest, 64);
  digestInto(out);
}
