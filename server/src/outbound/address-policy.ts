import { isIP } from 'node:net';

/**
 * What kind of network an address belongs to, for deciding whether OnDeck may connect there
 * on an admin's behalf (webhooks, calendar subscriptions, later CRM and SMS pushes).
 */
export type AddressClass = 'public' | 'private' | 'loopback' | 'link_local' | 'reserved';

/** Which non-public classes an admin allowed (OUTBOUND_ALLOW_PRIVATE / OUTBOUND_ALLOW_LOOPBACK). */
export interface OutboundPolicy {
  allowPrivate: boolean;
  allowLoopback: boolean;
}

export const STRICT_OUTBOUND_POLICY: OutboundPolicy = { allowPrivate: false, allowLoopback: false };

interface Range {
  bytes: number[];
  prefix: number;
  class: AddressClass;
}

function v4(cidr: string, cls: AddressClass): Range {
  const [address = '', prefix = '32'] = cidr.split('/');
  return { bytes: address.split('.').map(Number), prefix: Number(prefix), class: cls };
}

function v6(cidr: string, cls: AddressClass): Range {
  const [address = '', prefix = '128'] = cidr.split('/');
  return { bytes: [...(parseIpv6(address) ?? [])], prefix: Number(prefix), class: cls };
}

/** Everything that is not plain public unicast. Link-local covers the cloud metadata address 169.254.169.254. */
const IPV4_RANGES: Range[] = [
  v4('0.0.0.0/8', 'reserved'), // "this network"; 0.0.0.0 reaches the local host on Linux
  v4('10.0.0.0/8', 'private'),
  v4('100.64.0.0/10', 'private'), // carrier-grade NAT
  v4('127.0.0.0/8', 'loopback'),
  v4('169.254.0.0/16', 'link_local'),
  v4('172.16.0.0/12', 'private'),
  v4('192.0.0.0/24', 'reserved'),
  v4('192.0.2.0/24', 'reserved'),
  v4('192.88.99.0/24', 'reserved'),
  v4('192.168.0.0/16', 'private'),
  v4('198.18.0.0/15', 'reserved'),
  v4('198.51.100.0/24', 'reserved'),
  v4('203.0.113.0/24', 'reserved'),
  v4('224.0.0.0/4', 'reserved'), // multicast
  v4('240.0.0.0/4', 'reserved'), // incl. 255.255.255.255
];

const IPV6_RANGES: Range[] = [
  v6('::1/128', 'loopback'),
  v6('::/96', 'reserved'), // unspecified and the old IPv4-compatible form
  v6('64:ff9b:1::/48', 'private'),
  v6('100::/64', 'reserved'),
  v6('2001::/32', 'reserved'), // Teredo
  v6('2001:db8::/32', 'reserved'),
  v6('fc00::/7', 'private'), // unique local
  v6('fe80::/10', 'link_local'),
  v6('fec0::/10', 'private'), // old site-local
  v6('ff00::/8', 'reserved'),
];

function inRange(bytes: readonly number[], range: Range): boolean {
  let bits = range.prefix;
  for (let i = 0; bits > 0; i++, bits -= 8) {
    const mask = bits >= 8 ? 0xff : (0xff << (8 - bits)) & 0xff;
    if (((bytes[i] ?? 0) & mask) !== ((range.bytes[i] ?? 0) & mask)) return false;
  }
  return true;
}

function classifyIpv4(bytes: readonly number[]): AddressClass {
  return IPV4_RANGES.find((range) => inRange(bytes, range))?.class ?? 'public';
}

/** 16 bytes of an IPv6 address (zone id ignored), or null when it is not one. */
export function parseIpv6(text: string): number[] | null {
  let address = text.replace(/^\[|\]$/g, '').replace(/%.*$/, '');
  if (isIP(address) !== 6) return null;
  // A trailing dotted quad (::ffff:127.0.0.1) becomes two hex groups.
  const dotted = /(\d+\.\d+\.\d+\.\d+)$/.exec(address);
  if (dotted?.[1]) {
    const [a = 0, b = 0, c = 0, d = 0] = dotted[1].split('.').map(Number);
    address = address.slice(0, -dotted[1].length) + `${((a << 8) | b).toString(16)}:${((c << 8) | d).toString(16)}`;
  }
  const [head = '', tail] = address.split('::');
  const headGroups = head === '' ? [] : head.split(':');
  const tailGroups = tail === undefined || tail === '' ? [] : tail.split(':');
  const groups = tail === undefined ? headGroups : [...headGroups, ...Array<string>(8 - headGroups.length - tailGroups.length).fill('0'), ...tailGroups];
  if (groups.length !== 8) return null;
  return groups.flatMap((group) => {
    const value = parseInt(group, 16);
    return [value >> 8, value & 0xff];
  });
}

/**
 * The class of an IP address in any form Node hands us: dotted IPv4, IPv6, and IPv6 that
 * carries an IPv4 address (::ffff:a.b.c.d mapped, 64:ff9b::/96 NAT64, 2002::/16 6to4), which
 * is judged by the IPv4 address inside. Anything that is not an IP address is 'reserved'.
 */
export function classifyAddress(address: string): AddressClass {
  const family = isIP(address.replace(/%.*$/, ''));
  if (family === 4) return classifyIpv4(address.split('.').map(Number));
  const bytes = family === 6 ? parseIpv6(address) : null;
  if (!bytes) return 'reserved';
  const isPrefix = (prefix: number[]): boolean => prefix.every((byte, i) => bytes[i] === byte);
  if (isPrefix([0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff])) return classifyIpv4(bytes.slice(12));
  if (isPrefix([0, 0x64, 0xff, 0x9b, 0, 0, 0, 0, 0, 0, 0, 0])) return classifyIpv4(bytes.slice(12));
  if (isPrefix([0x20, 0x02])) return classifyIpv4(bytes.slice(2, 6));
  const special = IPV6_RANGES.find((range) => inRange(bytes, range));
  if (special) return special.class;
  // Global unicast is 2000::/3; anything else is unassigned.
  return (bytes[0] ?? 0) >> 5 === 1 ? 'public' : 'reserved';
}

export function isAddressAllowed(address: string, policy: OutboundPolicy): boolean {
  const cls = classifyAddress(address);
  return cls === 'public' || (cls === 'private' && policy.allowPrivate) || (cls === 'loopback' && policy.allowLoopback);
}
