import { describe, expect, it } from 'vitest';
import { AmiMessage } from '../ami/codec';
import { channelId, extensionFromInterface, int, parseChannelName, phoneDeviceEndpoint, text, uniqueidEpochMs } from './fields';

describe('channel names', () => {
  it('splits phone channels at the last dash, keeping dashes in endpoint names', () => {
    expect(parseChannelName('PJSIP/1001-0000002f')).toEqual({ tech: 'PJSIP', resource: '1001' });
    expect(parseChannelName('PJSIP/my-trunk-0000002f')).toEqual({ tech: 'PJSIP', resource: 'my-trunk' });
  });

  it('pairs the two halves of a Local channel', () => {
    const one = parseChannelName('Local/1003@from-queue-00000003;1');
    const two = parseChannelName('Local/1003@from-queue-00000003;2');
    expect(one).toEqual({ tech: 'Local', resource: '1003@from-queue', local: { half: 1, pairKey: 'Local/1003@from-queue-00000003' } });
    expect(two?.local?.pairKey).toBe(one?.local?.pairKey);
  });

  it('rejects names without a technology', () => {
    expect(parseChannelName('')).toBeUndefined();
    expect(parseChannelName('/1001')).toBeUndefined();
    expect(parseChannelName('garbage')).toBeUndefined();
    expect(parseChannelName('Local/;1')).toEqual({ tech: 'Local', resource: ';1' });
  });

  it('knows phone devices and the extension behind queue interfaces', () => {
    expect(phoneDeviceEndpoint('PJSIP/1001')).toBe('1001');
    expect(phoneDeviceEndpoint('Queue:support_avail')).toBeUndefined();
    expect(phoneDeviceEndpoint('PJSIP/1001&Custom:DND1001')).toBeUndefined();
    expect(extensionFromInterface('Local/1003@from-queue/n')).toBe('1003');
    expect(extensionFromInterface('hint:1004@ext-local')).toBe('1004');
    expect(extensionFromInterface('SIP/')).toBeUndefined();
  });
});

describe('field readers', () => {
  const msg = AmiMessage.from({ Name: '  <unknown> ', Num: '42', Bad: '4x', Huge: '1'.repeat(30), Id: '1795274819.70', Evil: 'a b' });

  it('treat Asterisk empty markers as absent and parse only clean integers', () => {
    expect(text(msg, 'name')).toBeUndefined();
    expect(text(msg, 'missing')).toBeUndefined();
    expect(int(msg, 'Num')).toBe(42);
    expect(int(msg, 'Bad')).toBeUndefined();
    expect(int(msg, 'Huge')).toBeUndefined();
  });

  it('accept only id-shaped Uniqueids and read their epoch', () => {
    expect(channelId(msg, 'Id')).toBe('1795274819.70');
    expect(channelId(msg, 'Evil')).toBeUndefined();
    expect(uniqueidEpochMs('1795274819.70')).toBe(1795274819000);
    expect(uniqueidEpochMs('abc')).toBeUndefined();
  });

  it('caps very long text from the outside world', () => {
    expect(text(AmiMessage.from({ CallerIDName: 'x'.repeat(10_000) }), 'CallerIDName')).toHaveLength(256);
  });
});
