import { describe, expect, it } from 'vitest';
import { mount } from '@vue/test-utils';
import { createPinia } from 'pinia';
import { shallowRef } from 'vue';
import { softphoneSessionKey, type PhoneStore, type SoftphoneSessionState } from '../composables/useSoftphoneSessionLoader';
import PhoneView from './PhoneView.vue';

function mountWithReason(reason: string | null) {
  const state: SoftphoneSessionState = {
    unavailable: shallowRef(reason),
    certificateUrl: shallowRef(null),
    loading: shallowRef(false),
    loadError: shallowRef(null),
    phone: shallowRef<PhoneStore | null>(null),
  };
  return mount(PhoneView, {
    global: {
      plugins: [createPinia()],
      provide: { [softphoneSessionKey as symbol]: state },
      stubs: { PhoneDialpad: true, PhoneDevices: true, PhoneGoOnCall: true, PhoneStatusIndicator: true },
    },
  });
}

describe('PhoneView', () => {
  it.each([
    ['the secret is missing', 'No SIP secret is known for extension 1002. An administrator sets it under Settings → Users (SIP secret), or in FreePBX.'],
    ['no WebRTC server is configured', 'The softphone is not set up on this server. An administrator sets WEBRTC_PBX_SERVER in .env to enable it.'],
  ])('says the real reason on the page when %s, not "no extension"', (_case, reason) => {
    const view = mountWithReason(reason);
    expect(view.get('[data-testid="phone-unavailable"]').text()).toBe(`The phone is off. ${reason}`);
    expect(view.text()).not.toMatch(/no extension/i);
  });

  it('shows no reason while the phone simply starts', () => {
    const view = mountWithReason(null);
    expect(view.find('[data-testid="phone-unavailable"]').exists()).toBe(false);
  });
});
