import { afterEach, beforeEach, expect, it, vi } from 'vitest';
import { flushPromises, mount } from '@vue/test-utils';
import { createPinia, setActivePinia } from 'pinia';
import OnCallPinDialog from './OnCallPinDialog.vue';
import type { OnCallMember } from '../../stores/oncall-api';

const MEMBER: OnCallMember = { id: 7, name: 'Bob Berg', phone: '1002', email: null, active: true, accountUserId: null, divisionIds: [1], createdAt: '2026-11-01T10:00:00Z', lastLogin: null, pinLength: 6, pinNeedsChange: false };

let sent: { url: string; body: unknown }[] = [];

beforeEach(() => {
  setActivePinia(createPinia());
  sent = [];
  vi.stubGlobal('fetch', async (url: string, init: RequestInit) => {
    sent.push({ url, body: typeof init.body === 'string' ? (JSON.parse(init.body) as unknown) : undefined });
    return new Response(null, { status: 204 });
  });
});

afterEach(() => {
  vi.unstubAllGlobals();
  document.body.innerHTML = '';
});

async function submitPin(pin: string) {
  const wrapper = mount(OnCallPinDialog, { props: { open: false, member: MEMBER }, attachTo: document.body });
  await wrapper.setProps({ open: true });
  await flushPromises();
  await wrapper.find('input').setValue(pin);
  await wrapper.find('form').trigger('submit');
  await flushPromises();
  return wrapper;
}

it('refuses a bad PIN without asking the server', async () => {
  const wrapper = await submitPin('12a');
  expect(sent).toHaveLength(0);
  expect(wrapper.text()).toContain('4 to 8 digits');
  expect(wrapper.emitted('done')).toBeUndefined();
});

it('sends a good PIN to the member route', async () => {
  const wrapper = await submitPin('135790');
  expect(sent).toEqual([{ url: '/api/oncall/members/7/pin', body: { pin: '135790' } }]);
  expect(wrapper.emitted('done')).toHaveLength(1);
});
