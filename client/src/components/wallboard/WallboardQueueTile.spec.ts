import { describe, expect, it } from 'vitest';
import { mount } from '@vue/test-utils';
import { DEFAULT_QUEUE_THRESHOLDS, type QueueFigures } from '@ondeck/shared';
import WallboardQueueTile from './WallboardQueueTile.vue';

const figures = (extra: Partial<QueueFigures> = {}): QueueFigures => ({
  waiting: 2,
  longestWaitSeconds: 10,
  answered: 10,
  abandoned: 1,
  serviceLevelPercent: 95,
  serviceLevelSeconds: 20,
  members: { total: 3, available: 1, busy: 1, paused: 1, unavailable: 0 },
  ...extra,
});

const mountTile = (props: { figures: QueueFigures; stale?: boolean; thresholds?: typeof DEFAULT_QUEUE_THRESHOLDS }) =>
  mount(WallboardQueueTile, { props: { name: 'support', thresholds: DEFAULT_QUEUE_THRESHOLDS, stale: false, ...props } });

describe('WallboardQueueTile', () => {
  it('says OK or names what needs attention, never colour alone', () => {
    const calm = mountTile({ figures: figures() });
    expect(calm.find('.verdict').exists()).toBe(false);
    expect(calm.find('[data-testid="wall-verdict"]').text()).toContain('OK');
    const late = mountTile({ figures: figures({ longestWaitSeconds: 120 }) });
    expect(late.classes()).toContain('alert');
    expect(late.find('[data-testid="wall-verdict"]').text()).toContain('Needs attention');
    expect(late.find('.verdict').text()).toBe('Attention: A caller has waited over 60 s');
    expect(late.findAll('.hot dt').map((dt) => dt.text())).toEqual(['Longest wait']);
  });

  it('uses the queue’s own thresholds', () => {
    const strict = { maxWaitSeconds: 5, maxWaiting: 2, minServiceLevel: 99 };
    const tile = mountTile({ figures: figures(), thresholds: strict });
    expect(tile.find('.verdict').text()).toBe('Attention: A caller has waited over 5 s; 2 callers waiting; Service level 95% is below 99%');
  });

  it('is not red when there is no service level to measure, and shows a dash instead of 0%', () => {
    for (const quiet of [figures({ serviceLevelSeconds: 0, serviceLevelPercent: 0, waiting: 0, longestWaitSeconds: 0 }), figures({ answered: 0, abandoned: 2, serviceLevelPercent: 0, waiting: 0, longestWaitSeconds: 0 })]) {
      const tile = mountTile({ figures: quiet });
      expect(tile.classes()).not.toContain('alert');
      expect(tile.find('[data-testid="wall-verdict"]').text()).toContain('OK');
      expect(tile.findAll('.hot dt')).toHaveLength(0);
      expect(tile.find('[data-testid="wall-service-level"]').text()).toBe('—');
    }
    const breached = mountTile({ figures: figures({ serviceLevelPercent: 50, waiting: 0, longestWaitSeconds: 0 }) });
    expect(breached.find('.verdict').text()).toBe('Attention: Service level 50% is below 80%');
    expect(breached.findAll('.hot dt').map((dt) => dt.text())).toEqual(['Service level']);
  });

  it('shows member counts, not names', () => {
    expect(mountTile({ figures: figures() }).find('.members').text()).toBe('Busy 1 · Paused 1 · Unavailable 0');
  });

  it('says Not live on stale data', () => {
    const wrapper = mountTile({ figures: figures({ longestWaitSeconds: 500 }), stale: true });
    expect(wrapper.find('.verdict').text()).toBe('Not live: figures may be old');
    expect(wrapper.classes()).not.toContain('alert');
  });
});
