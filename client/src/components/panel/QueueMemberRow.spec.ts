import { beforeEach, describe, expect, it, vi } from 'vitest';
import { mount } from '@vue/test-utils';
import { createPinia, setActivePinia } from 'pinia';
import type { QueueMemberView } from '@ondeck/shared';
import { usePbxStore } from '../../stores/pbx';
import QueueMemberRow from './QueueMemberRow.vue';

const member: QueueMemberView = {
  interface: 'Local/1002@from-queue/n', name: 'Alex Agent', stateInterface: 'hint:1002@ext-local', extension: '1002',
  status: 'not_in_use', paused: false, callsTaken: 0, inCall: false, membership: 'static', penalty: 0,
};

function rowWith(pauseReasons: string[]) {
  const pbx = usePbxStore();
  const queuePause = vi.spyOn(pbx, 'queuePause').mockResolvedValue({ ok: true, data: { message: 'paused' } });
  const row = mount(QueueMemberRow, { props: { queue: 'support', member, canManage: true, pauseReasons } });
  return { row, queuePause };
}

describe('QueueMemberRow pausing', () => {
  beforeEach(() => setActivePinia(createPinia()));

  it('asks for one of the configured reasons before pausing', async () => {
    const { row, queuePause } = rowWith(['Lunch', 'Break']);
    const pause = row.get('button');
    expect(pause.text()).toBe('Pause');
    expect(pause.attributes('disabled')).toBeDefined();
    await row.get('select').setValue('Lunch');
    await pause.trigger('click');
    expect(queuePause).toHaveBeenCalledWith({ queue: 'support', extension: '1002', reason: 'Lunch' });
  });

  it('pauses without a reason when the admin configured none, instead of disabling pausing', async () => {
    const { row, queuePause } = rowWith([]);
    expect(row.find('select').exists()).toBe(false);
    const pause = row.get('button');
    expect(pause.attributes('disabled')).toBeUndefined();
    await pause.trigger('click');
    expect(queuePause).toHaveBeenCalledWith({ queue: 'support', extension: '1002' });
  });
});
