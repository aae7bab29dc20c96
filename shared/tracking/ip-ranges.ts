import ipaddr from 'ipaddr.js';
import { APPLE_RELAY_IPV4, APPLE_RELAY_IPV6 } from './data/apple-relay-ranges.ts';

/**
 * Which network a hit came from: Apple's Private Relay egress (Mail Privacy Protection), Google's
 * image proxy, Microsoft's and the big clouds' ASNs. The classifier asks on every hit, so lookups
 * are a binary search over sorted numeric ranges and never throw: anything that is not an IP
 * address is simply "not in the table".
 */

/** Merged, sorted, disjoint ranges. IPv6 bounds are four big-endian uint32 words each. */
export interface IpRangeTable {
  readonly v4First: Uint32Array;
  readonly v4Last: Uint32Array;
  readonly v6First: Uint32Array;
  readonly v6Last: Uint32Array;
}

// ---------------------------------------------------------------------------------------------
// Parsing. Hand-written because every hit parses an address: ipaddr.js does ~0.4 M IPv6/s and
// needs ~60 ms for Apple's 13.7 k prefixes, about three times what this parser needs cold.
// ipaddr.js stays the fallback for rare IPv6 spellings and the reference the tests compare with.

/** A strict dotted quad ("1.2.3.4", no leading zeros) as a uint32, or -1. */
function parseIpv4(text: string, start: number, end: number): number {
  let value = 0;
  let octet = 0;
  let digits = 0;
  let dots = 0;
  for (let i = start; i < end; i++) {
    const c = text.charCodeAt(i);
    if (c >= 48 && c <= 57) {
      if (digits === 1 && octet === 0) return -1;
      octet = octet * 10 + (c - 48);
      if (++digits > 3 || octet > 255) return -1;
    } else if (c === 46 && digits > 0 && dots < 3) {
      value = value * 256 + octet;
      octet = 0;
      digits = 0;
      dots++;
    } else {
      return -1;
    }
  }
  if (dots !== 3 || digits === 0) return -1;
  return value * 256 + octet;
}

function hexValue(c: number): number {
  if (c >= 48 && c <= 57) return c - 48;
  if (c >= 97 && c <= 102) return c - 87;
  if (c >= 65 && c <= 70) return c - 55;
  return -1;
}

const groups = new Uint16Array(8);

/** Parses an IPv6 address into `out` (4 words); false when it is not one. */
function parseIpv6Into(text: string, start: number, end: number, out: Uint32Array): boolean {
  const zone = text.indexOf('%', start);
  if (zone !== -1 && zone < end) {
    if (zone === end - 1) return false; // "fe80::1%" names no zone
    end = zone;
  }
  let count = 0;
  let gap = -1;
  let i = start;
  if (end - start >= 2 && text.charCodeAt(i) === 58 && text.charCodeAt(i + 1) === 58) {
    gap = 0;
    i += 2;
  }
  while (i < end) {
    const groupStart = i;
    let value = 0;
    let digits = 0;
    while (i < end && digits <= 4) {
      const h = hexValue(text.charCodeAt(i));
      if (h < 0) break;
      value = value * 16 + h;
      digits++;
      i++;
    }
    if (i < end && text.charCodeAt(i) === 46) {
      // Embedded dotted quad in the last 32 bits (RFC 4291 2.2): ::ffff:192.0.2.1.
      const v4 = parseIpv4(text, groupStart, end);
      if (v4 < 0 || count > 6) return false;
      groups[count++] = v4 >>> 16;
      groups[count++] = v4 & 0xffff;
      i = end;
      break;
    }
    if (digits === 0 || digits > 4 || count === 8) return false;
    groups[count++] = value;
    if (i === end) break;
    if (text.charCodeAt(i) !== 58) return false;
    i++;
    if (i < end && text.charCodeAt(i) === 58) {
      if (gap !== -1) return false;
      gap = count;
      i++;
    } else if (i === end) {
      return false;
    }
  }
  if (gap === -1) {
    if (count !== 8) return false;
  } else {
    if (count > 7) return false;
    const tail = count - gap;
    for (let k = 7, from = count - 1; k >= 8 - tail; k--, from--) groups[k] = groups[from] ?? 0;
    for (let k = gap; k < 8 - tail; k++) groups[k] = 0;
  }
  for (let w = 0; w < 4; w++) out[w] = (((groups[2 * w] ?? 0) << 16) | (groups[2 * w + 1] ?? 0)) >>> 0;
  return true;
}

/** IPv6 forms the fast parser refuses but ipaddr.js knows (none seen from Cloudflare so far). */
function parseIpv6Fallback(text: string, out: Uint32Array): boolean {
  if (!ipaddr.IPv6.isValid(text)) return false;
  const parts = ipaddr.IPv6.parse(text).parts;
  for (let w = 0; w < 4; w++) out[w] = (((parts[2 * w] ?? 0) << 16) | (parts[2 * w + 1] ?? 0)) >>> 0;
  return true;
}

const scratch = new Uint32Array(4);

/**
 * Parses `ip` for a lookup: returns 4 for IPv4 (value in scratch[3]), 6 for IPv6 (scratch[0..3]),
 * 0 for anything else. IPv4-mapped IPv6 (::ffff:a.b.c.d) counts as IPv4.
 */
function parseForLookup(ip: string): 0 | 4 | 6 {
  if (ip.indexOf(':') === -1) {
    const v4 = parseIpv4(ip, 0, ip.length);
    if (v4 < 0) return 0;
    scratch[3] = v4;
    return 4;
  }
  if (!parseIpv6Into(ip, 0, ip.length, scratch) && !parseIpv6Fallback(ip, scratch)) return 0;
  return scratch[0] === 0 && scratch[1] === 0 && scratch[2] === 0xffff ? 4 : 6;
}

/** Whether two spellings name the same address ("2001:db8::1" and "2001:DB8:0::1"). */
export function sameIp(a: string, b: string): boolean {
  if (a === b) return true;
  const kindA = parseForLookup(a);
  if (kindA === 0) return false;
  const [w0, w1, w2, w3] = scratch;
  return parseForLookup(b) === kindA && (kindA === 4 ? scratch[3] === w3 : scratch[0] === w0 && scratch[1] === w1 && scratch[2] === w2 && scratch[3] === w3);
}

const cidrWords = new Uint32Array(4);

/**
 * Appends "a.b.c.d/n" or an IPv6 prefix (a bare address is a host prefix; host bits are masked
 * off) to `v4` as [first, last], or to `v6First`/`v6Last` as 4 words each. False if malformed.
 */
function parseCidrInto(text: string, v4: number[], v6First: number[], v6Last: number[]): boolean {
  const slash = text.indexOf('/');
  const end = slash === -1 ? text.length : slash;
  const isV6 = text.indexOf(':') !== -1;
  const bits = isV6 ? 128 : 32;
  let length = bits;
  if (slash !== -1) {
    const digits = text.length - slash - 1;
    if (digits < 1 || digits > 3) return false;
    length = 0;
    for (let i = slash + 1; i < text.length; i++) {
      const c = text.charCodeAt(i);
      if (c < 48 || c > 57) return false;
      length = length * 10 + (c - 48);
    }
    if (length > bits) return false;
  }
  if (!isV6) {
    const address = parseIpv4(text, 0, end);
    if (address < 0) return false;
    const size = 2 ** (32 - length);
    const first = address - (address % size);
    v4.push(first, first + size - 1);
    return true;
  }
  if (!parseIpv6Into(text, 0, end, cidrWords) && !parseIpv6Fallback(text.slice(0, end), cidrWords)) return false;
  for (let w = 0; w < 4; w++) {
    const networkBits = length - 32 * w;
    const mask = networkBits >= 32 ? 0xffffffff : networkBits <= 0 ? 0 : (0xffffffff << (32 - networkBits)) >>> 0;
    const first = ((cidrWords[w] ?? 0) & mask) >>> 0;
    v6First.push(first);
    v6Last.push((first | ~mask) >>> 0);
  }
  return true;
}

// ---------------------------------------------------------------------------------------------
// Tables

function mergeV4(pairs: number[]): { firsts: Uint32Array; lasts: Uint32Array } {
  const order = Array.from({ length: pairs.length / 2 }, (_, i) => i);
  order.sort((a, b) => (pairs[2 * a] ?? 0) - (pairs[2 * b] ?? 0));
  const firsts: number[] = [];
  const lasts: number[] = [];
  for (const i of order) {
    const first = pairs[2 * i] ?? 0;
    const last = pairs[2 * i + 1] ?? 0;
    const previous = lasts.length - 1;
    // Overlapping or adjacent ranges become one.
    if (previous >= 0 && first <= (lasts[previous] ?? 0) + 1) {
      if (last > (lasts[previous] ?? 0)) lasts[previous] = last;
    } else {
      firsts.push(first);
      lasts.push(last);
    }
  }
  return { firsts: Uint32Array.from(firsts), lasts: Uint32Array.from(lasts) };
}

/** Compares the 4-word IPv6 bounds at word offsets `ai` and `bi` of two plain arrays. */
function compareBounds(a: number[], ai: number, b: number[], bi: number): number {
  for (let w = 0; w < 4; w++) {
    const x = a[ai + w] ?? 0;
    const y = b[bi + w] ?? 0;
    if (x !== y) return x < y ? -1 : 1;
  }
  return 0;
}

function mergeV6(starts: number[], ends: number[]): { firsts: Uint32Array; lasts: Uint32Array } {
  const count = starts.length / 4;
  // The bundled snapshot comes sorted; checking first spares a comparator sort on a cold start.
  let sorted = true;
  for (let i = 1; i < count && sorted; i++) sorted = compareBounds(starts, 4 * (i - 1), starts, 4 * i) <= 0;
  let order: number[] | null = null;
  if (!sorted) {
    order = Array.from({ length: count }, (_, i) => i);
    order.sort((a, b) => compareBounds(starts, 4 * a, starts, 4 * b));
  }
  const firsts: number[] = [];
  const lasts: number[] = [];
  const successor = [0, 0, 0, 0];
  for (let n = 0; n < count; n++) {
    const i = order ? (order[n] ?? 0) : n;
    const previous = lasts.length - 4;
    if (previous >= 0) {
      // successor = previous last + 1; a carry out means the previous range ends at ffff...ffff.
      let carry = 1;
      for (let w = 3; w >= 0; w--) {
        const sum = (lasts[previous + w] ?? 0) + carry;
        successor[w] = sum >>> 0;
        carry = sum > 0xffffffff ? 1 : 0;
      }
      if (carry === 1 || compareBounds(starts, 4 * i, successor, 0) <= 0) {
        if (compareBounds(ends, 4 * i, lasts, previous) > 0) {
          for (let w = 0; w < 4; w++) lasts[previous + w] = ends[4 * i + w] ?? 0;
        }
        continue;
      }
    }
    for (let w = 0; w < 4; w++) firsts.push(starts[4 * i + w] ?? 0);
    for (let w = 0; w < 4; w++) lasts.push(ends[4 * i + w] ?? 0);
  }
  return { firsts: Uint32Array.from(firsts), lasts: Uint32Array.from(lasts) };
}

/** Builds a lookup table from CIDR strings; entries that are not CIDRs are skipped. */
export function buildRangeTable(cidrs: Iterable<string>): IpRangeTable {
  const v4: number[] = [];
  const v6First: number[] = [];
  const v6Last: number[] = [];
  for (const cidr of cidrs) if (cidr !== '') parseCidrInto(cidr.trim(), v4, v6First, v6Last);
  const merged4 = mergeV4(v4);
  const merged6 = mergeV6(v6First, v6Last);
  return { v4First: merged4.firsts, v4Last: merged4.lasts, v6First: merged6.firsts, v6Last: merged6.lasts };
}

function hasV4(table: IpRangeTable, address: number): boolean {
  const firsts = table.v4First;
  let lo = 0;
  let hi = firsts.length - 1;
  let found = -1;
  while (lo <= hi) {
    const mid = (lo + hi) >>> 1;
    if ((firsts[mid] ?? 0) <= address) {
      found = mid;
      lo = mid + 1;
    } else {
      hi = mid - 1;
    }
  }
  return found !== -1 && address <= (table.v4Last[found] ?? 0);
}

/** Compares 4 words of `a` at offset `ai` with the address in `b` (both typed arrays). */
function compareWords(a: Uint32Array, ai: number, b: Uint32Array): number {
  for (let w = 0; w < 4; w++) {
    const x = a[ai + w] ?? 0;
    const y = b[w] ?? 0;
    if (x !== y) return x < y ? -1 : 1;
  }
  return 0;
}

function hasV6(table: IpRangeTable, address: Uint32Array): boolean {
  const firsts = table.v6First;
  let lo = 0;
  let hi = firsts.length / 4 - 1;
  let found = -1;
  while (lo <= hi) {
    const mid = (lo + hi) >>> 1;
    if (compareWords(firsts, mid * 4, address) <= 0) {
      found = mid;
      lo = mid + 1;
    } else {
      hi = mid - 1;
    }
  }
  return found !== -1 && compareWords(table.v6Last, found * 4, address) >= 0;
}

/** Whether `ip` falls in the table. Never throws; non-addresses are simply not in it. */
export function tableHas(table: IpRangeTable, ip: string | null): boolean {
  if (!ip) return false;
  const kind = parseForLookup(ip);
  return kind === 4 ? hasV4(table, scratch[3] ?? 0) : kind === 6 && hasV6(table, scratch);
}

// ---------------------------------------------------------------------------------------------
// Apple's egress list and compaction (refresh path, not the hot path)

/**
 * The prefixes of Apple's `egress-ip-ranges.csv` (`prefix,country,region,city,...`, one per
 * line) or of a plain one-CIDR-per-line list. Headers, comments, blank and malformed lines are
 * skipped; duplicates (one row per city) are dropped. Returns the prefixes as written, lower-case.
 */
export function parseAppleEgressCsv(csv: string): string[] {
  const prefixes = new Set<string>();
  const probe: number[] = [];
  for (const line of csv.split(/\r?\n|\r/)) {
    const comma = line.indexOf(',');
    const field = (comma === -1 ? line : line.slice(0, comma)).replace(/^\uFEFF/, '').trim().replace(/^"(.*)"$/, '$1').trim().toLowerCase();
    if (field === '' || field.startsWith('#')) continue;
    if (parseCidrInto(field, probe, probe, probe)) prefixes.add(field);
    probe.length = 0;
  }
  return [...prefixes];
}

function wordsToBigInt(words: Uint32Array): bigint {
  let n = 0n;
  for (const word of words) n = (n << 32n) | BigInt(word);
  return n;
}

function formatPrefix(version: 4 | 6, start: bigint, length: number): string {
  if (version === 4) return `${ipaddr.fromByteArray([24, 16, 8, 0].map((shift) => Number((start >> BigInt(shift)) & 0xffn))).toString()}/${length}`;
  const bytes: number[] = [];
  for (let shift = 120; shift >= 0; shift -= 8) bytes.push(Number((start >> BigInt(shift)) & 0xffn));
  return `${ipaddr.fromByteArray(bytes).toString()}/${length}`;
}

/**
 * The smallest list of CIDRs covering exactly the same addresses, sorted by address: nested and
 * adjacent prefixes are merged. Used to store a compact copy of Apple's list (its CSV has one row
 * per prefix and city) and to generate the bundled snapshot.
 */
export function compactCidrs(cidrs: Iterable<string>): { ipv4: string[]; ipv6: string[] } {
  const table = buildRangeTable(cidrs);
  const cover = (version: 4 | 6, firsts: Uint32Array, lasts: Uint32Array): string[] => {
    const bits = version === 4 ? 32 : 128;
    const stride = version === 4 ? 1 : 4;
    const out: string[] = [];
    for (let i = 0; i < firsts.length / stride; i++) {
      let start = version === 4 ? BigInt(firsts[i] ?? 0) : wordsToBigInt(firsts.subarray(i * 4, i * 4 + 4));
      const end = version === 4 ? BigInt(lasts[i] ?? 0) : wordsToBigInt(lasts.subarray(i * 4, i * 4 + 4));
      while (start <= end) {
        // The largest aligned block that starts at `start` and stays inside the range.
        let size = 0;
        while (size < bits && (start & ((1n << BigInt(size + 1)) - 1n)) === 0n && start + (1n << BigInt(size + 1)) - 1n <= end) size++;
        out.push(formatPrefix(version, start, bits - size));
        start += 1n << BigInt(size);
      }
    }
    return out;
  };
  return { ipv4: cover(4, table.v4First, table.v4Last), ipv6: cover(6, table.v6First, table.v6Last) };
}

// ---------------------------------------------------------------------------------------------
// The networks the classifier asks about

/** Apple's prefixes by family, each family's table built on its first lookup. */
interface AppleRelayRanges {
  ipv4: () => string[];
  ipv6: () => string[];
  v4Table: IpRangeTable | null;
  v6Table: IpRangeTable | null;
}

function appleRelayFromSnapshot(): AppleRelayRanges {
  return { ipv4: () => APPLE_RELAY_IPV4.split('\n'), ipv6: () => APPLE_RELAY_IPV6.split('\n'), v4Table: null, v6Table: null };
}

let appleRelay = appleRelayFromSnapshot();

/**
 * Apple Mail Privacy Protection loads images through iCloud Private Relay, so its fetches leave
 * from the relay's egress ranges (wordtothewise.com 2021-09). The ranges are CDN-operated, so the
 * ASN cannot tell them apart (Akamai, Cloudflare, Fastly); only Apple's list can.
 * Each family is parsed on its first lookup, once per isolate (cold Node 24: ~7 ms for IPv4,
 * ~15-20 ms for IPv6), so an isolate that only ever sees IPv4 never pays for 10 k IPv6 prefixes.
 */
export function isAppleRelayIp(ip: string | null): boolean {
  if (!ip) return false;
  const kind = parseForLookup(ip);
  if (kind === 4) {
    const address = scratch[3] ?? 0;
    appleRelay.v4Table ??= buildRangeTable(appleRelay.ipv4());
    return hasV4(appleRelay.v4Table, address);
  }
  if (kind === 6) {
    if (appleRelay.v6Table) return hasV6(appleRelay.v6Table, scratch);
    // Building parses other addresses, so keep this one out of the shared scratch first.
    const address = Uint32Array.from(scratch);
    appleRelay.v6Table = buildRangeTable(appleRelay.ipv6());
    return hasV6(appleRelay.v6Table, address);
  }
  return false;
}

/**
 * Replaces the Apple table with a fresher list (Apple's CSV or one CIDR a line), e.g. the copy a
 * scheduled Worker keeps in D1. Returns how many prefixes were loaded; on 0 (an empty or garbled
 * download) the current table stays, since a stale list beats none.
 */
export function setAppleRelayRanges(text: string): number {
  const prefixes = parseAppleEgressCsv(text);
  if (prefixes.length === 0) return 0;
  const ipv4 = prefixes.filter((prefix) => !prefix.includes(':'));
  const ipv6 = prefixes.filter((prefix) => prefix.includes(':'));
  appleRelay = { ipv4: () => ipv4, ipv6: () => ipv6, v4Table: null, v6Table: null };
  return prefixes.length;
}

/** Back to the bundled snapshot (tests, or when a refreshed list turns out to be bad). */
export function resetAppleRelayRanges(): void {
  appleRelay = appleRelayFromSnapshot();
}

/**
 * Where GoogleImageProxy fetches come from: 66.249.64.0/19 (serverfault.com/q/581857; the SendGrid
 * events in pastebin.com/qupFDWg8), and the blocks a Go mailer's isGoogle() hard-codes, all inside
 * Google's _netblocks/goog.json. Only corroboration: ASN 15169 is the main check, so no IPv6 here.
 */
const GOOGLE_PROXY_CIDRS = [
  '66.249.64.0/19',
  '66.102.0.0/20',
  '64.233.160.0/19',
  '74.125.0.0/16',
  '72.14.192.0/18',
  '209.85.128.0/17',
  '108.177.0.0/17',
];
let googleProxy: IpRangeTable | null = null;

export function isGoogleProxyIp(ip: string | null): boolean {
  googleProxy ??= buildRangeTable(GOOGLE_PROXY_CIDRS);
  return tableHas(googleProxy, ip);
}

export const GOOGLE_ASN = 15169;

/**
 * Microsoft's networks, where Defender for Office 365 / Safe Links detonates links
 * (gophish#973, #2646; edalzell/laravel-passwordless-login#79; SergeyMosin/Appointments#293).
 */
const MICROSOFT_ASNS: ReadonlySet<number> = new Set([8075, 8074, 12076]);

export function isMicrosoftAsn(asn: number | null): boolean {
  return asn !== null && MICROSOFT_ASNS.has(asn);
}

/**
 * Public clouds where link scanners run: AWS (onetimesecret/onetimesecret#359) and Google Cloud
 * (35.x in gophish/gophish#2938). Azure is in MICROSOFT_ASNS. People rarely browse from these.
 */
const CLOUD_ASNS: ReadonlySet<number> = new Set([16509, 14618, 396982]);

export function isCloudAsn(asn: number | null): boolean {
  return asn !== null && CLOUD_ASNS.has(asn);
}
