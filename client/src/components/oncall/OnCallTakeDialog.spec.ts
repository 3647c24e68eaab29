import { afterEach, expect, it } from 'vitest';
import { flushPromises, mount } from '@vue/test-utils';
import OnCallTakeDialog from './OnCallTakeDialog.vue';

const MEMBERS = [
  { id: 4, name: 'Alice Andersson' },
  { id: 7, name: 'Bob Berg' },
];

afterEach(() => {
  document.body.innerHTML = '';
});

async function open(members: typeof MEMBERS | null) {
  const wrapper = mount(OnCallTakeDialog, { props: { open: false, divisionName: 'Service desk', error: null, busy: false, members }, attachTo: document.body });
  await wrapper.setProps({ open: true });
  await flushPromises();
  return wrapper;
}

it('lets an admin pick a member and confirm with their own password', async () => {
  const wrapper = await open(MEMBERS);
  expect(wrapper.findAll('select option').map((option) => option.text())).toEqual(['Me (my linked member)', 'Alice Andersson', 'Bob Berg']);
  await wrapper.find('select').setValue('7');
  // On someone's behalf there is no PIN choice: only the admin's password.
  expect(wrapper.find('[role="radiogroup"]').exists()).toBe(false);
  expect(wrapper.text()).toContain("ring Bob Berg's phone");
  await wrapper.find('input[type="password"]').setValue('admin-password');
  await wrapper.find('form').trigger('submit');
  expect(wrapper.emitted('confirm')).toEqual([[{ memberId: 7, password: 'admin-password' }]]);
});

it('confirms the signed-in member with a PIN when nobody is picked, and offers no picker to non-admins', async () => {
  const wrapper = await open(null);
  expect(wrapper.find('select').exists()).toBe(false);
  await wrapper.find('form').trigger('submit');
  expect(wrapper.emitted('confirm')).toBeUndefined();
  await wrapper.find('input[type="password"]').setValue('2468');
  await wrapper.find('form').trigger('submit');
  expect(wrapper.emitted('confirm')).toEqual([[{ pin: '2468' }]]);
});
