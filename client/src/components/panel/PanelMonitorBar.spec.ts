import { beforeEach, describe, expect, it } from 'vitest';
import { flushPromises, mount } from '@vue/test-utils';
import { createPinia, setActivePinia } from 'pinia';
import type { CallView, MonitorMode, SessionUser, SpyView } from '@ondeck/shared';
import { usePbxStore } from '../../stores/pbx';
import { useSessionStore } from '../../stores/session';
import PanelMonitorBar from './PanelMonitorBar.vue';
import { panelFeedback } from './panel-feedback';

const spy = (mode: MonitorMode): SpyView => ({ spy: '1005', spyChannel: 'PJSIP/1005-00000009', target: '1001', targetChannel: 'PJSIP/1001-00000001', mode, options: 'qEdu' });

function calls(mode: MonitorMode): CallView[] {
  const base = { direction: 'internal' as const, state: 'up' as const, relations: [], startedAt: 0, legs: [] };
  return [
    {
      ...base,
      id: 'talk',
      parties: [
        { number: '1001', extension: '1001', external: false, channel: 'PJSIP/1001-00000001' },
        { number: '1002', extension: '1002', external: false, channel: 'PJSIP/1002-00000002' },
      ],
      extensions: ['1001', '1002'],
      spiedBy: [spy(mode)],
    },
    { ...base, id: 'spyleg', parties: [{ number: '1005', extension: '1005', external: false, channel: 'PJSIP/1005-00000009' }], extensions: ['1005'], spiedBy: [], spying: spy(mode) },
  ];
}

function setup(mode: MonitorMode, monitorModes: MonitorMode[]): { sent: unknown[] } {
  const user: SessionUser = { id: 2, username: 'sup', displayName: 'Sup', role: 'supervisor', extension: '1005', monitorModes, scope: { extensions: ['1001', '1002', '1005'], queues: [] } };
  useSessionStore().user = user;
  const pbx = usePbxStore();
  pbx.applySnapshot({ seq: 1, snapshot: { stale: false, extensions: [], calls: calls(mode), queues: [] }, pauseReasons: [] });
  const sent: unknown[] = [];
  pbx.spySwitch = async (request) => {
    sent.push(['switch', request]);
    return { ok: true, data: { message: 'Switched.' } };
  };
  pbx.spyStop = async () => {
    sent.push(['stop']);
    return { ok: true, data: { message: 'Stopped.' } };
  };
  return { sent };
}

beforeEach(() => setActivePinia(createPinia()));

describe('PanelMonitorBar', () => {
  it('takes over from the "Calling your phone" line once the supervisor answers', async () => {
    useSessionStore().user = { id: 2, username: 'sup', displayName: 'Sup', role: 'supervisor', extension: '1005', monitorModes: ['listen'], scope: { extensions: ['1001', '1002', '1005'], queues: [] } };
    const pbx = usePbxStore();
    pbx.applySnapshot({ seq: 1, snapshot: { stale: false, extensions: [], calls: [], queues: [] }, pauseReasons: [] });
    panelFeedback.value = { ok: true, text: 'Calling your phone to listen to 1001. Answer it to start.' };
    const wrapper = mount(PanelMonitorBar);
    await flushPromises();
    expect(panelFeedback.value?.text).toContain('Calling your phone');
    pbx.applySnapshot({ seq: 2, snapshot: { stale: false, extensions: [], calls: calls('listen'), queues: [] }, pauseReasons: [] });
    await flushPromises();
    expect(wrapper.find('[data-testid="monitor-bar"]').exists()).toBe(true);
    expect(panelFeedback.value).toBeNull();
  });

  it('is not there without a session of the user’s own phone', () => {
    useSessionStore().user = { id: 2, username: 'sup', displayName: 'Sup', role: 'supervisor', extension: '1006', monitorModes: ['listen'], scope: { extensions: [], queues: [] } };
    usePbxStore().applySnapshot({ seq: 1, snapshot: { stale: false, extensions: [], calls: calls('listen'), queues: [] }, pauseReasons: [] });
    expect(mount(PanelMonitorBar).find('[data-testid="monitor-bar"]').exists()).toBe(false);
  });

  it('says whom and in which mode, offers only the modes the supervisor may use, and Stop', async () => {
    const { sent } = setup('whisper', ['listen', 'whisper']);
    const wrapper = mount(PanelMonitorBar);
    expect(wrapper.text()).toContain('Whispering to 1001');
    expect(wrapper.text()).toContain('Call: 1001 → 1002');
    const modes = wrapper.get('[role="group"]').findAll('button');
    expect(modes.map((b) => [b.text(), b.attributes('aria-pressed')])).toEqual([
      ['Listen', 'false'],
      ['Whisper', 'true'],
    ]);
    await modes[0]?.trigger('click');
    await flushPromises();
    await wrapper.findAll('button').find((b) => b.text() === 'Stop')?.trigger('click');
    await flushPromises();
    expect(sent).toEqual([['switch', { mode: 'listen' }], ['stop']]);
  });
});
