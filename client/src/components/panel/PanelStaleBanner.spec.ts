import { beforeEach, describe, expect, it } from 'vitest';
import { mount } from '@vue/test-utils';
import { createPinia, setActivePinia } from 'pinia';
import { useSocketStore } from '../../stores/socket';
import { givenLivePanel, pbxLinkStatus } from '../shell/testing/connection-pill';
import PanelStaleBanner from './PanelStaleBanner.vue';

describe('PanelStaleBanner', () => {
  beforeEach(() => setActivePinia(createPinia()));

  it('is absent while the panel is live', () => {
    givenLivePanel();
    expect(mount(PanelStaleBanner).find('.stale').exists()).toBe(false);
  });

  it('says the PBX is off, not "loading", when the server has AMI turned off', () => {
    givenLivePanel();
    useSocketStore().pbxStatus = pbxLinkStatus('disabled');
    const text = mount(PanelStaleBanner).text();
    expect(text).toContain('Not live.');
    expect(text).toContain('AMI is turned off');
    expect(text).not.toContain('Loading');
  });

  it('names the browser\'s own link first when that is down', () => {
    useSocketStore().state = 'reconnecting';
    expect(mount(PanelStaleBanner).text()).toContain('Not connected to OnDeck (reconnecting)');
  });
});
