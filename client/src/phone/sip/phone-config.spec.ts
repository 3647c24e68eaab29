import { describe, expect, it } from 'vitest';
import { PhoneConfigError, resolvePhoneConfig, type PhoneConfig } from './phone-config';

const BASE: PhoneConfig = { server: 'wss://pbx.example.com:8089/ws', extension: '1001', password: 's3cret' };

describe('resolvePhoneConfig', () => {
  it('fills the LAN-friendly defaults', () => {
    expect(resolvePhoneConfig(BASE)).toEqual({
      ...BASE,
      username: '1001',
      displayName: '',
      domain: 'pbx.example.com',
      iceServers: [],
      iceGatheringTimeoutMs: 1000,
      dtmfMode: 'rfc4733',
      codecPreference: 'pcmu-only',
      registerExpires: 600,
    });
  });

  it.each<[Partial<PhoneConfig>, string]>([
    [{ server: 'not a url' }, 'Not a WebSocket URL'],
    [{ server: 'https://pbx/ws' }, 'must be ws:// or wss://'],
    [{ extension: '' }, 'extension is missing or malformed'],
    [{ extension: '10 01' }, 'extension is missing or malformed'],
    [{ password: '' }, 'password is empty'],
    [{ registerExpires: 60 }, 'at least 300'],
    [{ registerExpires: 300.5 }, 'at least 300'],
    [{ iceGatheringTimeoutMs: 0 }, 'must be positive'],
  ])('refuses %j', (override, message) => {
    expect(() => resolvePhoneConfig({ ...BASE, ...override })).toThrow(PhoneConfigError);
    expect(() => resolvePhoneConfig({ ...BASE, ...override })).toThrow(message);
  });
});
