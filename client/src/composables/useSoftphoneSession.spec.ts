import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createPinia, setActivePinia } from 'pinia';
import { flushPromises } from '@vue/test-utils';
import { effectScope } from 'vue';
import type { PhoneConfigResponse, SessionUser } from '@ondeck/shared';
import { ApiRequestError } from '../api/http';
import type { PhoneConfig } from '../phone';
import { usePhoneStore } from '../stores/phone';
import { useSessionStore } from '../stores/session';
import { certificatePageFor, useSoftphoneSession } from './useSoftphoneSession';

const config = vi.hoisted(() => vi.fn());
vi.mock('../api/endpoints', async (original) => ({ ...(await original<object>()), phoneApi: { config } }));

const user = (extension: string | null): SessionUser => ({
  id: 7, username: 'alice', displayName: 'Alice', role: 'agent', extension, monitorModes: [], scope: { extensions: [], queues: [] },
});
const phoneConfig: PhoneConfigResponse = {
  server: 'wss://pbx.example.test:8089/ws', extension: '1002', displayName: 'Alice', password: 'sip-secret',
  iceServers: [], iceGatheringTimeoutMs: 1000, codecPreference: 'pcmu-only', dtmfMode: 'rfc4733',
};

describe('useSoftphoneSession', () => {
  let connect: ReturnType<typeof vi.fn<(config: PhoneConfig) => void>>;
  let disconnect: ReturnType<typeof vi.fn<() => Promise<void>>>;

  beforeEach(() => {
    setActivePinia(createPinia());
    const phone = usePhoneStore();
    connect = vi.fn<(config: PhoneConfig) => void>();
    disconnect = vi.fn<() => Promise<void>>(async () => undefined);
    phone.connect = connect;
    phone.disconnect = disconnect;
    config.mockReset();
  });
  afterEach(() => vi.clearAllMocks());

  it('registers the signed-in user\'s own phone and unregisters when the session ends', async () => {
    config.mockResolvedValue(phoneConfig);
    const session = useSessionStore();
    session.user = user('1002');
    const scope = effectScope();
    const result = scope.run(() => useSoftphoneSession())!;
    await flushPromises();
    expect(connect).toHaveBeenCalledWith(phoneConfig);
    expect(result.unavailable.value).toBeNull();
    expect(result.certificateUrl.value).toBe('https://pbx.example.test:8089/');
    session.user = user(null);
    await flushPromises();
    expect(disconnect).toHaveBeenCalledTimes(1);
    expect(result.unavailable.value).toBe('Your account has no extension.');
    scope.stop();
    expect(disconnect).toHaveBeenCalledTimes(2);
  });

  it('says why there is no phone when the server refuses', async () => {
    config.mockRejectedValue(new ApiRequestError(404, { code: 'not_found', message: 'The softphone is not set up on this server.' }));
    useSessionStore().user = user('1002');
    const scope = effectScope();
    const result = scope.run(() => useSoftphoneSession())!;
    await flushPromises();
    expect(connect).not.toHaveBeenCalled();
    expect(result.unavailable.value).toBe('The softphone is not set up on this server.');
    scope.stop();
  });

  it('offers the certificate page only for wss:// servers', () => {
    expect(certificatePageFor('wss://pbx:8089/ws')).toBe('https://pbx:8089/');
    expect(certificatePageFor('ws://127.0.0.1:8080')).toBeNull();
    expect(certificatePageFor('not a url')).toBeNull();
  });
});
