import ipaddr from 'ipaddr.js';
import { afterEach, describe, expect, it } from 'vitest';
import { APPLE_RELAY_IPV4, APPLE_RELAY_IPV6, APPLE_RELAY_SNAPSHOT } from './data/apple-relay-ranges.ts';
import {
  buildRangeTable,
  compactCidrs,
  isAppleRelayIp,
  isCloudAsn,
  isGoogleProxyIp,
  isMicrosoftAsn,
  parseAppleEgressCsv,
  resetAppleRelayRanges,
  sameIp,
  setAppleRelayRanges,
  tableHas,
} from './ip-ranges.ts';

afterEach(() => resetAppleRelayRanges());

describe('range table edges', () => {
  const table = buildRangeTable(['192.0.2.0/24', '198.51.100.77/32', '2001:db8:1::/48', '2001:db8:ff::7/128']);

  it.each<[string, boolean]>([
    ['192.0.2.0', true], // first address of the /24
    ['192.0.2.255', true], // last
    ['192.0.1.255', false], // one before
    ['192.0.3.0', false], // one after
    ['198.51.100.77', true],
    ['198.51.100.76', false],
    ['198.51.100.78', false],
    ['2001:db8:1::', true],
    ['2001:db8:1:ffff:ffff:ffff:ffff:ffff', true],
    ['2001:db8:0:ffff:ffff:ffff:ffff:ffff', false],
    ['2001:db8:2::', false],
    ['2001:0DB8:0001:0000:0000:0000:0000:abcd', true], // upper case, leading zeros, no ::
    ['2001:db8:ff::7', true],
    ['2001:db8:ff::6', false],
    ['2001:db8:ff::8', false],
    ['::ffff:192.0.2.9', true], // IPv4-mapped IPv6 is the IPv4 address
    ['::ffff:c000:209', true], // the same, in hex
    ['2001:db8:1::1%eth0', true], // a zone index does not change the address
  ])('%s -> %s', (ip, inside) => {
    expect(tableHas(table, ip)).toBe(inside);
  });

  it.each([
    '', 'garbage', '1.2.3', '1.2.3.4.5', '256.1.1.1', '01.2.3.4', '1.2.3.-4', ' 192.0.2.1', '192.0.2.1/24', '192.0.2.0\n',
    ':::', '::1::', '1::2::3', 'g::1', '12345::', '1:2:3:4:5:6:7:8:9', '1:2:3:4:5:6:7', '2001:db8:1::1:', ':2001:db8:1::1',
    '::ffff:192.0.2', '::192.0.2.1.5', '\u0000', 'x'.repeat(10_000), '2001:db8:1::%', '💥',
  ])('%j is no address: false, never a throw', (garbage) => {
    expect(tableHas(table, garbage)).toBe(false);
    expect(isAppleRelayIp(garbage)).toBe(false);
    expect(isGoogleProxyIp(garbage)).toBe(false);
  });

  it('null is never in a table', () => {
    expect(tableHas(table, null)).toBe(false);
    expect(isAppleRelayIp(null)).toBe(false);
  });

  it('covers the whole space and merges up to the last address without overflowing', () => {
    const everything = buildRangeTable(['0.0.0.0/1', '128.0.0.0/1', '::/1', '8000::/1', 'ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff/128']);
    expect(everything.v4First.length).toBe(1);
    expect(everything.v6First.length).toBe(4); // one range, 4 words
    for (const ip of ['0.0.0.0', '255.255.255.255', '::', 'ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff', '7fff:ffff:ffff:ffff:ffff:ffff:ffff:ffff']) {
      expect(tableHas(everything, ip)).toBe(true);
    }
  });

  it('merges overlapping, nested and adjacent prefixes given in any order', () => {
    const merged = buildRangeTable(['10.0.1.0/24', '10.0.0.0/24', '10.0.0.128/25', '2001:db8:8000::/33', '2001:db8::/33', '2001:db8:4000::/34']);
    expect([...merged.v4First]).toEqual([0x0a000000]);
    expect([...merged.v4Last]).toEqual([0x0a0001ff]);
    expect([...merged.v6First]).toEqual([0x20010db8, 0, 0, 0]);
    expect([...merged.v6Last]).toEqual([0x20010db8, 0xffffffff, 0xffffffff, 0xffffffff]);
  });

  it('masks host bits and skips malformed prefixes', () => {
    const sloppy = buildRangeTable(['192.0.2.77/24', '198.51.100.0/33', '2001:db8::/129', '203.0.113.0/', '/24', '203.0.113.0/2a', 'nonsense']);
    expect(tableHas(sloppy, '192.0.2.1')).toBe(true);
    expect(sloppy.v4First.length).toBe(1);
    expect(sloppy.v6First.length).toBe(0);
  });
});

describe('IP parsing agrees with ipaddr.js', () => {
  // A fixed-seed generator, so a failure replays.
  let seed = 0x2f6b_1d3a;
  const random = () => {
    seed = (Math.imul(seed, 1_664_525) + 1_013_904_223) >>> 0;
    return seed;
  };

  it('on random IPv6 addresses in compressed, full and zero-run spellings', () => {
    for (let n = 0; n < 2000; n++) {
      // Runs of zero groups make "::" appear in varied places.
      const parts = Array.from({ length: 8 }, () => (random() % 3 === 0 ? 0 : random() & 0xffff));
      const address = new ipaddr.IPv6(parts);
      const compressed = address.toString();
      const full = parts.map((part) => part.toString(16).padStart(4, '0')).join(':');
      expect(sameIp(compressed, full), compressed).toBe(true);
      expect(sameIp(compressed, address.toNormalizedString()), compressed).toBe(true);
      expect(tableHas(buildRangeTable([`${full}/128`]), compressed), compressed).toBe(true);
      const neighbour = new ipaddr.IPv6(parts.map((part, i) => (i === 7 ? (part + 1) & 0xffff : part))).toString();
      expect(sameIp(compressed, neighbour), `${compressed} vs ${neighbour}`).toBe(false);
    }
  });

  it('on random IPv4 addresses', () => {
    for (let n = 0; n < 2000; n++) {
      const address = ipaddr.fromByteArray([random() & 255, random() & 255, random() & 255, random() & 255]).toString();
      expect(tableHas(buildRangeTable([`${address}/32`]), address), address).toBe(true);
      expect(sameIp(address, `::ffff:${address}`), address).toBe(true);
    }
  });
});

describe('the bundled Apple Private Relay snapshot', () => {
  it('has every prefix of the source files, compacted', () => {
    expect(APPLE_RELAY_SNAPSHOT).toMatchObject({ ipv4Prefixes: 3290, ipv6Prefixes: 10455 });
    expect(APPLE_RELAY_IPV4.trim().split('\n')).toHaveLength(APPLE_RELAY_SNAPSHOT.ipv4Prefixes);
    expect(APPLE_RELAY_IPV6.trim().split('\n')).toHaveLength(APPLE_RELAY_SNAPSHOT.ipv6Prefixes);
  });

  it('is already as compact as it gets (regenerating changes nothing)', () => {
    const compacted = compactCidrs(`${APPLE_RELAY_IPV4}\n${APPLE_RELAY_IPV6}`.split('\n'));
    expect(compacted.ipv4.join('\n')).toBe(APPLE_RELAY_IPV4.trim());
    expect(compacted.ipv6.join('\n')).toBe(APPLE_RELAY_IPV6.trim());
  });

  it.each<[string, boolean]>([
    ['104.28.66.0', true], // first of 104.28.66.0/26
    ['104.28.66.126', true], // 104.28.66.126/32
    ['104.28.66.127', false], // the gap after it
    ['104.28.66.128', false],
    ['104.28.66.129', true], // 104.28.66.129/32
    ['104.28.65.66', true], // 104.28.65.66/32
    ['104.28.65.67', false],
    ['104.28.48.82', true], // in Apple's published egress list
    ['140.248.40.71', true], // last of 140.248.40.70/31
    ['146.75.168.84', true],
    ['2a04:4e41:1301:8000::1', true],
    ['2a02:26f7:b389:a500::', true], // first of 2a02:26f7:b389:a500::/56
    ['2a02:26f7:b389:a5ff:ffff:ffff:ffff:ffff', true], // its last
    ['2a02:26f7:db48:cc41:ffff:ffff:ffff:ffff', true], // last of 2a02:26f7:db48:cc40::/63
    ['2a02:26f7:db48:cc42::', false], // one after
    ['73.15.2.4', false], // Comcast
    ['8.8.8.8', false],
    ['2001:4860:4860::8888', false],
  ])('%s -> %s', (ip, inside) => {
    expect(isAppleRelayIp(ip)).toBe(inside);
  });
});

describe('refreshing the Apple table', () => {
  const appleCsv = [
    '\uFEFF172.224.226.0/27,GB,GB-EN,London,',
    '172.224.226.0/27,GB,GB-EN,Manchester,', // the same prefix for another city
    '2a02:26f7:b3c0:4000::/64,US,US-CA,Los Angeles,',
    '"192.0.2.0/24",FR,FR-75,Paris,',
    '',
    '# a comment',
    'prefix,country,region,city',
    'not-an-ip,XX,,,',
    '10.0.0.0/33,XX,,,',
  ].join('\r\n');

  it.each<[string, string, string[]]>([
    ["Apple's CSV (BOM, CRLF, quotes, header, duplicates, junk)", appleCsv, ['172.224.226.0/27', '2a02:26f7:b3c0:4000::/64', '192.0.2.0/24']],
    ['one CIDR a line, like the snapshot', '104.28.28.0/26\n2a02:26f7:b00a:4000::/64\n', ['104.28.28.0/26', '2a02:26f7:b00a:4000::/64']],
    ['upper-case IPv6 and a bare address', '2A02:26F7:B00A:4000::/64\n203.0.113.9', ['2a02:26f7:b00a:4000::/64', '203.0.113.9']],
    ['an HTML error page', '<!doctype html><html><body>503 Service Unavailable</body></html>', []],
    ['nothing', '', []],
  ])('%s', (_case, text, prefixes) => {
    expect(parseAppleEgressCsv(text)).toEqual(prefixes);
  });

  it('replaces the snapshot with the new list', () => {
    expect(setAppleRelayRanges(appleCsv)).toBe(3);
    expect(isAppleRelayIp('172.224.226.31')).toBe(true);
    expect(isAppleRelayIp('172.224.226.32')).toBe(false);
    expect(isAppleRelayIp('2a02:26f7:b3c0:4000:1::1')).toBe(true);
    expect(isAppleRelayIp('104.28.66.0')).toBe(false); // only in the snapshot
    resetAppleRelayRanges();
    expect(isAppleRelayIp('104.28.66.0')).toBe(true);
  });

  it('keeps the current table when the download is garbage', () => {
    setAppleRelayRanges('172.224.226.0/27');
    expect(setAppleRelayRanges('<html>oops</html>')).toBe(0);
    expect(isAppleRelayIp('172.224.226.1')).toBe(true);
  });

  it.each<[string, string[], { ipv4: string[]; ipv6: string[] }]>([
    ['adjacent halves', ['10.0.0.0/25', '10.0.0.128/25'], { ipv4: ['10.0.0.0/24'], ipv6: [] }],
    ['a nested block', ['10.0.0.0/24', '10.0.0.5/32'], { ipv4: ['10.0.0.0/24'], ipv6: [] }],
    ['a range no single prefix covers', ['10.0.0.1/32', '10.0.0.2/31'], { ipv4: ['10.0.0.1/32', '10.0.0.2/31'], ipv6: [] }],
    ['IPv6 halves', ['2001:db8:8000::/33', '2001:db8::/33'], { ipv4: [], ipv6: ['2001:db8::/32'] }],
    ['IPv6 host bits', ['2001:db8::1/64'], { ipv4: [], ipv6: ['2001:db8::/64'] }],
  ])('compacts %s', (_case, cidrs, expected) => {
    expect(compactCidrs(cidrs)).toEqual(expected);
  });
});

describe('known networks', () => {
  it.each<[string, boolean]>([
    ['66.249.93.84', true], // GoogleImageProxy, pastebin.com/qupFDWg8
    ['66.102.7.162', true], // GoogleImageProxy, a SendGrid event
    ['108.177.2.32', true], // Gmail prefetch, an SES fixture
    ['66.249.95.255', true], // last of 66.249.64.0/19
    ['66.249.96.0', false],
    ['73.15.2.4', false],
  ])('Google proxy IP %s -> %s', (ip, inside) => {
    expect(isGoogleProxyIp(ip)).toBe(inside);
  });

  it.each<[number | null, boolean, boolean]>([
    [8075, true, false],
    [8074, true, false],
    [12076, true, false],
    [16509, false, true],
    [14618, false, true],
    [396982, false, true],
    [15169, false, false],
    [7922, false, false],
    [null, false, false],
  ])('AS%s: Microsoft %s, cloud %s', (asn, microsoft, cloud) => {
    expect(isMicrosoftAsn(asn)).toBe(microsoft);
    expect(isCloudAsn(asn)).toBe(cloud);
  });
});
