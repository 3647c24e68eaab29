import { describe, expect, it } from 'vitest';
import { mount } from '@vue/test-utils';
import type { QueueView } from '@ondeck/shared';
import WallboardQueueTile from './WallboardQueueTile.vue';

const queue: QueueView = {
  name: 'support',
  waiting: 2,
  completed: 10,
  abandoned: 1,
  serviceLevel: 20,
  serviceLevelPerf: 95,
  holdTime: 4,
  talkTime: 50,
  members: [],
  callers: [{ position: 1, channel: 'c', uniqueid: 'u', callerNum: '+1555', joinedAt: 0 }],
};

describe('WallboardQueueTile', () => {
  it('says OK or names what needs attention, never colour alone', () => {
    expect(mount(WallboardQueueTile, { props: { queue, now: 10_000, stale: false } }).find('.verdict').text()).toBe('OK');
    const late = mount(WallboardQueueTile, { props: { queue, now: 120_000, stale: false } });
    expect(late.classes()).toContain('alert');
    expect(late.find('.verdict').text()).toBe('Attention: A caller has waited over 60 s');
  });

  it('says Not live on stale data', () => {
    const wrapper = mount(WallboardQueueTile, { props: { queue, now: 120_000, stale: true } });
    expect(wrapper.find('.verdict').text()).toBe('Not live');
    expect(wrapper.classes()).not.toContain('alert');
  });
});
