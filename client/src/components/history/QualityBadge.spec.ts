import { describe, expect, it } from 'vitest';
import { mount } from '@vue/test-utils';
import QualityBadge from './QualityBadge.vue';
import { qualityDescription } from './quality-format';

describe('QualityBadge', () => {
  it('shows the grade as a word, coloured by class, with the figures in its tooltip and for screen readers', () => {
    const wrapper = mount(QualityBadge, { props: { grade: 'fair', mos: 3.81, jitterMs: 20, lossPercent: 5, rttMs: 100 } });
    const text = 'Call quality fair: MOS 3.8 of 4.5, jitter 20 ms, packet loss 5 %, round trip 100 ms';
    expect(wrapper.classes()).toEqual(['quality-badge', 'quality-fair']);
    expect(wrapper.attributes('title')).toBe(text);
    expect(wrapper.find('[aria-hidden="true"]').text()).toBe('Fair');
    expect(wrapper.find('.visually-hidden').text()).toBe(text);
  });

  it('names each grade and says when the round trip is not measured yet', () => {
    expect(mount(QualityBadge, { props: { grade: 'good', mos: 4.4, jitterMs: 1.4, lossPercent: 0, rttMs: null } }).attributes('title')).toBe(
      'Call quality good: MOS 4.4 of 4.5, jitter 1.4 ms, packet loss 0 %, round trip not measured yet',
    );
    const poor = mount(QualityBadge, { props: { grade: 'poor' } });
    expect(poor.classes()).toContain('quality-poor');
    expect(poor.text()).toContain('Poor');
    // Only the grade known (e.g. a call log summary without figures): no dangling colon.
    expect(poor.attributes('title')).toBe('Call quality poor');
  });

  it('rounds figures to one decimal without trailing zeros', () => {
    expect(qualityDescription({ grade: 'good', mos: 4.0, jitterMs: 0.625, lossPercent: 7.98, rttMs: 0.4 })).toBe(
      'Call quality good: MOS 4 of 4.5, jitter 0.6 ms, packet loss 8 %, round trip 0.4 ms',
    );
  });
});
