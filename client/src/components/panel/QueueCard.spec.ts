import { beforeEach, describe, expect, it } from 'vitest';
import { flushPromises, mount } from '@vue/test-utils';
import { createPinia, setActivePinia } from 'pinia';
import type { QueueView, SessionUser } from '@ondeck/shared';
import { usePbxStore } from '../../stores/pbx';
import { useSessionStore } from '../../stores/session';
import QueueCard from './QueueCard.vue';
import { queueAlerts } from './queue-alerts';

const queue = (extra: Partial<QueueView> = {}): QueueView => ({
  name: 'sales',
  waiting: 1,
  completed: 8,
  abandoned: 2,
  serviceLevel: 20,
  serviceLevelPerf: 90,
  holdTime: 5,
  talkTime: 60,
  callers: [{ position: 1, channel: 'PJSIP/trunk-1', uniqueid: 'u1', callerNum: '+1555', callerName: '<img src=x onerror=alert(1)>', joinedAt: 0 }],
  members: [
    { interface: 'Local/1001@from-queue/n', name: 'Alice', stateInterface: 'hint:1001@ext-local', extension: '1001', status: 'not_in_use', paused: false, callsTaken: 4, inCall: false, membership: 'dynamic', penalty: 0 },
    { interface: 'Local/1002@from-queue/n', name: 'Bob', stateInterface: 'hint:1002@ext-local', extension: '1002', status: 'in_use', paused: true, pausedReason: 'Lunch', callsTaken: 2, inCall: true, membership: 'static', penalty: 0 },
  ],
  ...extra,
});

const user = (role: SessionUser['role'], extension: string | null): SessionUser => ({
  id: 1, username: 'u', displayName: 'U', role, extension, monitorModes: [], scope: { extensions: [], queues: [] },
});

beforeEach(() => setActivePinia(createPinia()));

describe('queueAlerts', () => {
  it('is quiet when all is well and names each passed threshold', () => {
    expect(queueAlerts(queue(), 30_000)).toEqual([]);
    const alerts = queueAlerts(queue({ waiting: 6, serviceLevelPerf: 50 }), 90_000);
    expect(alerts).toEqual(['A caller has waited over 60 s', '6 callers waiting', 'Service level 50% is below 80%']);
  });

  it('uses a queue’s own thresholds instead of the defaults', () => {
    const strict = { maxWaitSeconds: 10, maxWaiting: 1, minServiceLevel: 95 };
    expect(queueAlerts(queue(), 30_000, strict)).toEqual(['A caller has waited over 10 s', '1 caller waiting', 'Service level 90% is below 95%']);
    const lenient = { maxWaitSeconds: 600, maxWaiting: 50, minServiceLevel: 10 };
    expect(queueAlerts(queue({ waiting: 6, serviceLevelPerf: 50 }), 90_000, lenient)).toEqual([]);
  });

  it('raises no service level alarm when the queue sets no interval or has answered nothing (what a stock FreePBX queue reports)', () => {
    // list-actions-live capture: ServiceLevel 0, ServicelevelPerf 0.0 with 4 completed calls.
    expect(queueAlerts(queue({ waiting: 0, callers: [], serviceLevel: 0, serviceLevelPerf: 0, completed: 4, abandoned: 3 }), 0)).toEqual([]);
    // queue-stats-after-calls after QueueReset and one abandon: interval 20 s, nothing answered, 0.0.
    expect(queueAlerts(queue({ waiting: 0, callers: [], serviceLevel: 20, serviceLevelPerf: 0, completed: 0, abandoned: 1 }), 0)).toEqual([]);
    // A real breach is still one: 1 of 2 answered within 20 s.
    expect(queueAlerts(queue({ waiting: 0, callers: [], serviceLevel: 20, serviceLevelPerf: 50, completed: 2, abandoned: 1 }), 0)).toEqual([
      'Service level 50% is below 80%',
    ]);
  });

  it('warns when no member can take calls', () => {
    const q = queue();
    q.members = q.members.map((m) => ({ ...m, paused: true }));
    expect(queueAlerts(q, 0)).toContain('No member can take calls');
  });

  it('stays calm while callers wait for busy members within the thresholds the admin set', () => {
    const busy = queue({ serviceLevelPerf: 95 });
    busy.members = busy.members.map((m) => ({ ...m, paused: false, status: 'in_use' as const, inCall: true }));
    expect(queueAlerts(busy, 10_000)).toEqual([]);
  });
});

describe('QueueCard', () => {
  it('shows the alert in colour and words, live wait and caller ID as text', () => {
    useSessionStore().user = user('supervisor', '1005');
    const wrapper = mount(QueueCard, { props: { queue: queue(), now: 75_000, stale: false } });
    expect(wrapper.classes()).toContain('alert');
    expect(wrapper.text()).toContain('Needs attention');
    expect(wrapper.text()).toContain('A caller has waited over 60 s');
    expect(wrapper.find('.callers').text()).toContain('<img src=x onerror=alert(1)> (+1555)');
    const numberAsName = queue({ callers: [{ position: 1, channel: 'PJSIP/trunk-2', uniqueid: 'u2', callerNum: '+1556', callerName: '+1556', joinedAt: 0 }] });
    expect(mount(QueueCard, { props: { queue: numberAsName, now: 1_000, stale: false } }).find('.callers span').text()).toBe('+1556');
    expect(wrapper.find('.callers img').exists()).toBe(false);
    expect(wrapper.find('.callers .num').text()).toBe('1:15');
    expect(wrapper.text()).toContain('Paused: Lunch');
  });

  it('gives a supervisor controls for every member in scope and an add form', () => {
    useSessionStore().user = { ...user('supervisor', '1005'), scope: { extensions: ['1001', '1002', '1005'], queues: ['sales'] } };
    const wrapper = mount(QueueCard, { props: { queue: queue(), now: 0, stale: false } });
    expect(wrapper.findAll('.controls')).toHaveLength(2);
    expect(wrapper.find('form.add').exists()).toBe(true);
    // Static members cannot be removed over AMI, so no Remove button for Bob.
    expect(wrapper.findAll('button').filter((b) => b.text() === 'Remove…')).toHaveLength(1);
  });

  it('gives a supervisor no controls for a member outside their extension scope (the server refuses them too)', () => {
    useSessionStore().user = { ...user('supervisor', '1005'), scope: { extensions: ['1002', '1005'], queues: ['sales'] } };
    const wrapper = mount(QueueCard, { props: { queue: queue(), now: 0, stale: false } });
    expect(wrapper.findAll('.member').map((m) => m.find('.controls').exists())).toEqual([false, true]);
  });

  it('shows an Invalid member as Invalid, marked, with why it never rings', () => {
    useSessionStore().user = user('admin', null);
    const q = queue();
    q.members = [{ ...q.members[0]!, status: 'invalid' }];
    const row = mount(QueueCard, { props: { queue: q, now: 0, stale: false } }).find('.member');
    expect(row.find('.state').text()).toBe('Invalid');
    expect(row.find('.state').classes()).toContain('invalid');
    expect(row.text()).not.toContain('Available');
    expect(row.find('.why').text()).toContain('never rings');
  });

  it('asks before removing a member, and removes only on confirm', async () => {
    useSessionStore().user = user('admin', null);
    const pbx = usePbxStore();
    const removed: unknown[] = [];
    pbx.queueRemove = async (request) => {
      removed.push(request);
      return { ok: true, data: { message: 'done' } };
    };
    const wrapper = mount(QueueCard, { props: { queue: queue(), now: 0, stale: false }, attachTo: document.body });
    await wrapper.findAll('button').find((b) => b.text() === 'Remove…')?.trigger('click');
    expect(removed).toEqual([]);
    const dialog = wrapper.find('dialog');
    expect(dialog.text()).toContain('Alice (1001) stops getting calls from queue sales');
    await dialog.find('form').trigger('submit');
    await flushPromises();
    expect(removed).toEqual([{ queue: 'sales', extension: '1001' }]);
    wrapper.unmount();
  });

  it('gives an agent controls only for themselves', () => {
    useSessionStore().user = user('agent', '1002');
    const wrapper = mount(QueueCard, { props: { queue: queue(), now: 0, stale: false } });
    const controls = wrapper.findAll('.member').map((m) => m.find('.controls').exists());
    expect(controls).toEqual([false, true]);
    expect(wrapper.find('form.add').exists()).toBe(false);
  });

  it('shows no verdict and no live wait on stale data', () => {
    useSessionStore().user = user('admin', null);
    const wrapper = mount(QueueCard, { props: { queue: queue({ waiting: 9 }), now: 75_000, stale: true } });
    expect(wrapper.text()).not.toContain('Needs attention');
    expect(wrapper.text()).not.toContain('OK');
    expect(wrapper.find('.callers .num').text()).toBe('—:—');
  });
});
