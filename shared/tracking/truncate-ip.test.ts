import { describe, expect, it } from 'vitest';
import { truncateIp } from './truncate-ip.ts';

describe('truncateIp', () => {
  it.each<[string | null, string | null]>([
    ['73.1.2.3', '73.1.2.0/24'],
    ['66.249.93.84', '66.249.93.0/24'],
    ['10.0.0.255', '10.0.0.0/24'],
    ['2a02:1210:1:2::5', '2a02:1210:1::/48'],
    ['2001:db8:abcd:12:34:56:78:9a', '2001:db8:abcd::/48'],
    ['::ffff:73.1.2.3', '73.1.2.0/24'],
    ['::1', '::/48'],
    // Not addresses: nothing to keep (ipaddr.js would read "1" and "0x7f.1" as IPv4 shorthands).
    ['1', null],
    ['0x7f.1', null],
    ['not an ip', null],
    ['', null],
    [null, null],
  ])('%s → %s', (ip, expected) => {
    expect(truncateIp(ip)).toBe(expected);
  });
});
