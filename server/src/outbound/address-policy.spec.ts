import { describe, expect, it } from 'vitest';
import { classifyAddress, isAddressAllowed, STRICT_OUTBOUND_POLICY } from './address-policy';

describe('classifyAddress', () => {
  it.each([
    ['127.0.0.1', 'loopback'],
    ['127.255.1.2', 'loopback'],
    ['::1', 'loopback'],
    ['0:0:0:0:0:0:0:1', 'loopback'],
    ['::ffff:127.0.0.1', 'loopback'],
    ['::ffff:7f00:1', 'loopback'],
    ['169.254.169.254', 'link_local'],
    ['::ffff:169.254.169.254', 'link_local'],
    ['fe80::1', 'link_local'],
    ['fe80::1%eth0', 'link_local'],
    ['febf::1', 'link_local'],
    ['10.1.2.3', 'private'],
    ['172.16.0.1', 'private'],
    ['172.31.255.255', 'private'],
    ['192.168.1.10', 'private'],
    ['100.64.0.1', 'private'],
    ['100.127.255.254', 'private'],
    ['fc00::1', 'private'],
    ['fd12:3456::1', 'private'],
    ['64:ff9b::10.0.0.1', 'private'],
    ['2002:c0a8:0101::1', 'private'], // 6to4 of 192.168.1.1
    ['0.0.0.0', 'reserved'],
    ['0.1.2.3', 'reserved'],
    ['::', 'reserved'],
    ['::127.0.0.1', 'reserved'],
    ['224.0.0.1', 'reserved'],
    ['255.255.255.255', 'reserved'],
    ['ff02::1', 'reserved'],
    ['not-an-address', 'reserved'],
    ['8.8.8.8', 'public'],
    ['172.32.0.1', 'public'],
    ['100.128.0.1', 'public'],
    ['2606:4700:4700::1111', 'public'],
    ['::ffff:8.8.8.8', 'public'],
    ['64:ff9b::8.8.8.8', 'public'],
  ])('%s is %s', (address, expected) => {
    expect(classifyAddress(address)).toBe(expected);
  });

  it('allows only what the admin switched on, never link-local or reserved', () => {
    expect(isAddressAllowed('10.0.0.1', STRICT_OUTBOUND_POLICY)).toBe(false);
    expect(isAddressAllowed('10.0.0.1', { allowPrivate: true, allowLoopback: false })).toBe(true);
    expect(isAddressAllowed('127.0.0.1', { allowPrivate: true, allowLoopback: false })).toBe(false);
    expect(isAddressAllowed('127.0.0.1', { allowPrivate: false, allowLoopback: true })).toBe(true);
    expect(isAddressAllowed('169.254.169.254', { allowPrivate: true, allowLoopback: true })).toBe(false);
    expect(isAddressAllowed('0.0.0.0', { allowPrivate: true, allowLoopback: true })).toBe(false);
    expect(isAddressAllowed('8.8.8.8', STRICT_OUTBOUND_POLICY)).toBe(true);
  });
});
