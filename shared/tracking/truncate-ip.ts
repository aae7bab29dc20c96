import ipaddr from 'ipaddr.js';

/**
 * What is kept of a hit's IP once it has been classified: its network, IPv4 /24 or IPv6 /48
 * (the cut Google Analytics' IP anonymisation and most privacy guidance use), written as a CIDR
 * so that nobody reading the table mistakes it for an address. Still enough to see "the same
 * office" or "a Google proxy block" in the history; no longer one household's line. Anything
 * that is not an address is not kept at all.
 */
export function truncateIp(ip: string | null): string | null {
  if (ip === null || !(ipaddr.IPv4.isValidFourPartDecimal(ip) || ipaddr.IPv6.isValid(ip))) return null;
  // process(): an IPv4-mapped IPv6 address (::ffff:73.1.2.3) is the IPv4 address it carries.
  const address = ipaddr.process(ip);
  if (address.kind() === 'ipv4') {
    const [a, b, c] = (address as ipaddr.IPv4).octets;
    return `${a}.${b}.${c}.0/24`;
  }
  const [p0, p1, p2] = (address as ipaddr.IPv6).parts;
  return `${new ipaddr.IPv6([p0!, p1!, p2!, 0, 0, 0, 0, 0]).toString()}/48`;
}
