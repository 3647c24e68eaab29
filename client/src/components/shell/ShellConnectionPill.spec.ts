import { beforeEach, describe, expect, it } from 'vitest';
import { mount } from '@vue/test-utils';
import { createPinia, setActivePinia } from 'pinia';
import { usePbxStore } from '../../stores/pbx';
import { useSocketStore } from '../../stores/socket';
import { givenLivePanel as livePanel, pbxLinkStatus as status } from './testing/connection-pill';
import ShellConnectionPill from './ShellConnectionPill.vue';

describe('ShellConnectionPill', () => {
  beforeEach(() => setActivePinia(createPinia()));

  it('says Live while both links are up, and names a PBX outage in words', async () => {
    livePanel();
    const socket = useSocketStore();
    const pill = mount(ShellConnectionPill);
    expect(pill.text()).toContain('Live');

    socket.pbxStatus = status('reconnecting', 'connect ECONNREFUSED 127.0.0.1:5038');
    await pill.vm.$nextTick();
    expect(pill.text()).toContain('PBX reconnecting');
    expect(pill.attributes('title')).toContain('ECONNREFUSED');
    expect(pill.classes()).toContain('warn');

    socket.pbxStatus = status('auth_failed');
    await pill.vm.$nextTick();
    expect(pill.text()).toContain('PBX down');
    expect(pill.classes()).toContain('bad');
  });

  it('says PBX down, not Live, when the server has AMI turned off', () => {
    livePanel();
    useSocketStore().pbxStatus = status('disabled');
    const pill = mount(ShellConnectionPill);
    expect(pill.text()).toContain('PBX down');
    expect(pill.text().replace('Live updates:', '')).not.toContain('Live');
  });

  it('marks the panel data as syncing while the snapshot is stale', async () => {
    livePanel();
    const pill = mount(ShellConnectionPill);
    usePbxStore().applySnapshot({ seq: 2, snapshot: { extensions: [], calls: [], queues: [], stale: true }, pauseReasons: [] });
    await pill.vm.$nextTick();
    expect(pill.text()).toContain('Syncing');
  });

  it('lets the browser\'s own link state win when it is not live', async () => {
    const socket = useSocketStore();
    socket.state = 'reconnecting';
    socket.pbxStatus = status('auth_failed');
    const pill = mount(ShellConnectionPill);
    expect(pill.text()).toContain('Reconnecting');
    expect(pill.text()).not.toContain('PBX');
  });
});
