import { describe, expect, it } from 'vitest';
import { mount } from '@vue/test-utils';
import type { CallView } from '@ondeck/shared';
import CallsTable from './CallsTable.vue';

const call = (id: string, startedAt: number, name: string, extra: Partial<CallView> = {}): CallView => ({
  id,
  direction: 'inbound',
  state: 'up',
  parties: [{ number: '+1555', name, external: true, channel: 'PJSIP/trunk-1' }],
  relations: [],
  extensions: [],
  spiedBy: [],
  startedAt,
  legs: [],
  ...extra,
});

const calls = [
  call('a', 2_000, 'Bob'),
  call('b', 1_000, '<img src=x onerror=alert(1)>', { queue: 'sales', spiedBy: [{ spy: '1005', spyChannel: 'x', target: '1001', targetChannel: 'y', mode: 'whisper' }] }),
];

describe('CallsTable', () => {
  it('lists longest calls first and re-sorts by a column, with aria-sort', async () => {
    const wrapper = mount(CallsTable, { props: { calls, stale: false } });
    const order = () => wrapper.findAll('tbody tr').map((row) => row.find('.parties').text());
    expect(order()[0]).toContain('<img');
    const partiesHeader = wrapper.findAll('th')[1];
    await partiesHeader?.find('button').trigger('click');
    expect(partiesHeader?.attributes('aria-sort')).toBe('ascending');
    expect(order()[0]).toContain('<img'); // same number, then "<" sorts before "B"
    await partiesHeader?.find('button').trigger('click');
    expect(partiesHeader?.attributes('aria-sort')).toBe('descending');
    expect(order()[0]).toContain('Bob');
  });

  it('renders caller ID literally and shows who is listening', () => {
    const wrapper = mount(CallsTable, { props: { calls, stale: false } });
    expect(wrapper.find('tbody img').exists()).toBe(false);
    expect(wrapper.text()).toContain('+1555 · <img src=x onerror=alert(1)>');
    expect(wrapper.text()).toContain('1005 (whisper)');
  });

  it('keeps the queue and the listener in the State cell for phone width, where those columns fold away', () => {
    const wrapper = mount(CallsTable, { props: { calls, stale: false } });
    const rows = wrapper.findAll('tbody tr');
    const queued = rows.find((row) => row.text().includes('sales'));
    expect(queued?.find('.folded').text()).toBe('Queue sales · 1005 (whisper)');
    expect(queued?.findAll('td.secondary')).toHaveLength(4);
    // A call with neither has no folded line at all.
    expect(rows.find((row) => row.text().includes('Bob'))?.find('.folded').exists()).toBe(false);
    expect(wrapper.findAll('th.secondary').map((th) => th.text())).toEqual(['Direction', 'Queue', 'Talk time', 'Spied by']);
  });

  it('shows an application party by its label, set apart from the people', () => {
    const voicemail = call('v', 3_000, 'Ext 1002', {
      direction: 'internal',
      parties: [
        { number: '1002', name: 'Ext 1002', extension: '1002', external: false, channel: 'PJSIP/1002-1' },
        { number: 'Voicemail 1002', name: 'Voicemail 1002', external: false, channel: '', application: { kind: 'voicemail', app: 'VoiceMailMain', label: 'Voicemail 1002' } },
      ],
    });
    const wrapper = mount(CallsTable, { props: { calls: [voicemail], stale: false } });
    const cell = wrapper.find('td.parties');
    expect(cell.text().replace(/\s+/g, ' ')).toBe('1002 · Ext 1002 → Voicemail 1002');
    expect(cell.find('.app').text()).toBe('Voicemail 1002');
    expect(cell.find('.app').attributes('title')).toBe('Application: VoiceMailMain');
  });

  it('asks for actions on a row', async () => {
    const wrapper = mount(CallsTable, { props: { calls, stale: false } });
    await wrapper.find('tbody tr button').trigger('click');
    expect(wrapper.emitted('open')?.[0]?.[0]).toMatchObject({ id: 'b' });
  });

  it('shows each call’s live quality as a badge with its figures, and a dash before the first reports', () => {
    const measured = call('q', 4_000, 'Carol', { quality: { grade: 'poor', mos: 3.1, jitterMs: 38, lossPercent: 11.2, rttMs: 220 } });
    const wrapper = mount(CallsTable, { props: { calls: [measured, call('n', 5_000, 'Dan')], stale: false } });
    expect(wrapper.findAll('th').map((th) => th.text())).toContain('Quality');
    const row = (name: string) => wrapper.findAll('tbody tr').find((r) => r.text().includes(name));
    const badge = row('Carol')?.find('.quality-badge');
    expect(badge?.classes()).toContain('quality-poor');
    expect(badge?.attributes('title')).toBe('Call quality poor: MOS 3.1 of 4.5, jitter 38 ms, packet loss 11.2 %, round trip 220 ms');
    expect(row('Dan')?.find('.quality-badge').exists()).toBe(false);
    expect(row('Dan')?.text()).toContain('No quality reports yet');
  });
});
