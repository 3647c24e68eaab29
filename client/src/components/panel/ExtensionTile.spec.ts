import { describe, expect, it } from 'vitest';
import { mount } from '@vue/test-utils';
import type { CallView, ExtensionView } from '@ondeck/shared';
import ExtensionTile from './ExtensionTile.vue';

const extension: ExtensionView = {
  number: '1001',
  name: '<img src=x onerror=alert(1)>',
  deviceState: 'INUSE',
  registration: { contacts: [], reachable: true },
  dnd: false,
  callIds: ['c1'],
};

const call: CallView = {
  id: 'c1',
  direction: 'inbound',
  state: 'up',
  parties: [
    { number: '+15550100', name: '<script>alert(2)</script>', external: true, channel: 'PJSIP/trunk-1' },
    { number: '1001', extension: '1001', external: false, channel: 'PJSIP/1001-1' },
  ],
  relations: [],
  extensions: ['1001'],
  spiedBy: [],
  startedAt: 0,
  answeredAt: 10_000,
  legs: [],
};

describe('ExtensionTile', () => {
  it('shows status as a word, the other party and the live talk time', () => {
    const wrapper = mount(ExtensionTile, { props: { extension, call, now: 75_000, stale: false } });
    expect(wrapper.find('.status').text()).toBe('In call');
    expect(wrapper.classes()).toContain('status-in_call');
    expect(wrapper.find('.timer').text()).toBe('1:05');
    expect(wrapper.attributes('aria-label')).toContain('In call');
  });

  it('renders untrusted caller ID as text, never as markup', () => {
    const wrapper = mount(ExtensionTile, { props: { extension, call, now: 0, stale: false } });
    expect(wrapper.find('img').exists()).toBe(false);
    expect(wrapper.find('script').exists()).toBe(false);
    expect(wrapper.find('.name').text()).toBe('<img src=x onerror=alert(1)>');
    expect(wrapper.find('.party').text()).toContain('<script>alert(2)</script>');
  });

  it('does not run a timer on stale data and says it is not live', () => {
    const wrapper = mount(ExtensionTile, { props: { extension, call, now: 75_000, stale: true } });
    expect(wrapper.find('.timer').text()).toBe('—:—');
    expect(wrapper.attributes('aria-label')).toContain('not live');
  });

  it('shows only the other party\'s number on a compact tile, the full label in its tooltip', () => {
    const wrapper = mount(ExtensionTile, { props: { extension, call, now: 0, stale: false, compact: true } });
    expect(wrapper.find('.party').text()).toBe('+15550100');
    expect(wrapper.find('.party').attributes('title')).toContain('<script>alert(2)</script>');
    expect(wrapper.attributes('data-extension')).toBe('1001');
  });

  it('shows the application the extension talks to as the other party (voicemail, conference)', () => {
    const voicemail: CallView = {
      ...call,
      direction: 'internal',
      parties: [
        { number: '1001', extension: '1001', external: false, channel: 'PJSIP/1001-1' },
        { number: 'Voicemail 1001', name: 'Voicemail 1001', external: false, channel: '', application: { kind: 'voicemail', app: 'VoiceMailMain', label: 'Voicemail 1001' } },
      ],
      relations: [{ a: '1001', state: 'up', application: { kind: 'voicemail', app: 'VoiceMailMain', label: 'Voicemail 1001' } }],
    };
    const tile = mount(ExtensionTile, { props: { extension, call: voicemail, now: 75_000, stale: false } });
    // Its own mailbox: "Voicemail" fits the tile, the tooltip and label say whose.
    expect(tile.find('.party').text()).toBe('Voicemail');
    expect(tile.find('.party').attributes('title')).toBe('Voicemail 1001');
    expect(tile.find('.party').classes()).toContain('app');
    expect(tile.attributes('aria-label')).toContain('with Voicemail 1001');

    const conference: CallView = {
      ...voicemail,
      parties: [
        { number: '1001', extension: '1001', external: false, channel: 'PJSIP/1001-1' },
        { number: '1003', extension: '1003', external: false, channel: 'PJSIP/1003-1' },
        { number: 'Conference 800', name: 'Conference 800', external: false, channel: '', application: { kind: 'conference', app: 'ConfBridge', label: 'Conference 800' } },
      ],
      relations: [{ a: '1001', b: '1003', state: 'up', application: { kind: 'conference', app: 'ConfBridge', label: 'Conference 800' } }],
    };
    expect(mount(ExtensionTile, { props: { extension, call: conference, now: 75_000, stale: false, compact: true } }).find('.party').text()).toBe('Conference 800');
  });

  it('emits open when activated', async () => {
    const wrapper = mount(ExtensionTile, { props: { extension, now: 0, stale: false } });
    await wrapper.trigger('click');
    expect(wrapper.emitted('open')).toHaveLength(1);
  });
});
