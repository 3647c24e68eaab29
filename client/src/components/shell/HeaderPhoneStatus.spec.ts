import { describe, expect, it } from 'vitest';
import { flushPromises, mount } from '@vue/test-utils';
import { shallowRef } from 'vue';
import {
  PHONE_LOAD_FAILED_MESSAGE,
  softphoneSessionKey,
  type PhoneStore,
  type SoftphoneSessionState,
} from '../../composables/useSoftphoneSessionLoader';
import HeaderPhoneStatus from './HeaderPhoneStatus.vue';

function sessionState(overrides: Partial<Pick<SoftphoneSessionState, 'loading' | 'loadError' | 'unavailable'>> = {}): SoftphoneSessionState {
  return {
    unavailable: shallowRef(null),
    certificateUrl: shallowRef(null),
    loading: shallowRef(true),
    loadError: shallowRef(null),
    phone: shallowRef<PhoneStore | null>(null),
    ...overrides,
  };
}

const mountWith = (state: SoftphoneSessionState) =>
  mount(HeaderPhoneStatus, {
    global: {
      provide: { [softphoneSessionKey as symbol]: state },
      stubs: { RouterLink: { template: '<a><slot /></a>' }, PhoneStatusIndicator: { template: '<span class="indicator">indicator</span>' } },
    },
  });

describe('HeaderPhoneStatus', () => {
  it('says the phone is starting while its code loads, then shows the real indicator', async () => {
    const state = sessionState();
    const header = mountWith(state);
    expect(header.text()).toBe('Phone starting');

    // Loaded, but the session has not asked the PBX yet: still starting.
    state.loading.value = false;
    state.phone.value = { status: 'off', registration: null } as unknown as PhoneStore;
    await flushPromises();
    expect(header.text()).toBe('Phone starting');

    state.phone.value = { status: 'connecting', registration: null } as unknown as PhoneStore;
    await flushPromises();
    expect(header.text()).not.toContain('Phone starting');
    expect(header.find('.indicator').exists()).toBe(true);
  });

  it('names a failed download in the tooltip instead of starting forever', async () => {
    const state = sessionState();
    const header = mountWith(state);
    state.loading.value = false;
    state.loadError.value = PHONE_LOAD_FAILED_MESSAGE;
    await flushPromises();
    const noPhone = header.get('.unavailable');
    expect(noPhone.text()).toBe('No phone');
    expect(noPhone.attributes('title')).toBe('The phone could not be loaded. Reload the page to try again.');
  });

  it('says why there is no phone for an account without an extension', () => {
    const header = mountWith(sessionState({ loading: shallowRef(false), unavailable: shallowRef('Your account has no extension.') }));
    expect(header.get('.unavailable').attributes('title')).toBe('Your account has no extension.');
    expect(header.text()).not.toContain('Phone starting');
  });
});
