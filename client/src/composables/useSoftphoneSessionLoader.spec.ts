import { beforeEach, describe, expect, it, vi } from 'vitest';
import { createPinia, setActivePinia } from 'pinia';
import { flushPromises } from '@vue/test-utils';
import { effectScope, onScopeDispose } from 'vue';
import type { SessionUser } from '@ondeck/shared';
import { useSessionStore } from '../stores/session';
import {
  NO_EXTENSION_MESSAGE,
  PHONE_LOAD_FAILED_MESSAGE,
  useSoftphoneSessionLoader,
  type PhoneStore,
  type SoftphoneSessionModule,
  type SoftphoneSessionRefs,
} from './useSoftphoneSessionLoader';

const user = (extension: string | null): SessionUser => ({
  id: 7, username: 'alice', displayName: 'Alice', role: 'agent', extension, monitorModes: [], scope: { extensions: [], queues: [] },
});

/** A stand-in for the lazily imported session module: records what the loader hands it. */
function fakeModule(): { module: SoftphoneSessionModule; store: PhoneStore; refsSeen: SoftphoneSessionRefs[]; disposals: () => number } {
  const store = { status: 'connecting' } as unknown as PhoneStore;
  const refsSeen: SoftphoneSessionRefs[] = [];
  let disposals = 0;
  const module: SoftphoneSessionModule = {
    useSoftphoneSession: ({ refs }) => {
      refsSeen.push(refs);
      refs.certificateUrl.value = 'https://pbx.example.test:8089/';
      // The real session unregisters here; it must run in a scope that ends with the shell.
      onScopeDispose(() => (disposals += 1));
      return refs;
    },
    usePhoneStore: () => store,
  };
  return { module, store, refsSeen, disposals: () => disposals };
}

describe('useSoftphoneSessionLoader', () => {
  beforeEach(() => setActivePinia(createPinia()));

  it('loads the session code for a user with an extension and fills the provided refs', async () => {
    useSessionStore().user = user('1002');
    const { module, store, refsSeen, disposals } = fakeModule();
    const load = vi.fn(async () => module);
    const scope = effectScope();
    const state = scope.run(() => useSoftphoneSessionLoader(load))!;
    expect(state.loading.value).toBe(true);
    expect(state.phone.value).toBeNull();
    await flushPromises();
    expect(load).toHaveBeenCalledTimes(1);
    expect(refsSeen[0]?.unavailable).toBe(state.unavailable);
    expect(state.phone.value).toBe(store);
    expect(state.certificateUrl.value).toBe('https://pbx.example.test:8089/');
    expect(state.loading.value).toBe(false);
    expect(state.loadError.value).toBeNull();
    scope.stop();
    expect(disposals()).toBe(1);
  });

  it('never imports the phone code for a user without an extension, and says why there is no phone', async () => {
    const session = useSessionStore();
    session.user = user(null);
    const load = vi.fn(async () => fakeModule().module);
    const scope = effectScope();
    const state = scope.run(() => useSoftphoneSessionLoader(load))!;
    await flushPromises();
    expect(load).not.toHaveBeenCalled();
    expect(state.loading.value).toBe(false);
    expect(state.unavailable.value).toBe(NO_EXTENSION_MESSAGE);
    expect(state.phone.value).toBeNull();
    // An extension given later (a live edit) starts the phone then, once.
    session.user = user('1003');
    await flushPromises();
    session.user = user('1004');
    await flushPromises();
    expect(load).toHaveBeenCalledTimes(1);
    scope.stop();
  });

  it('shows a clear message instead of rejecting when the phone code cannot be fetched', async () => {
    useSessionStore().user = user('1002');
    const load = vi.fn(async (): Promise<SoftphoneSessionModule> => {
      throw new TypeError('Failed to fetch dynamically imported module: /assets/softphone-abc.js');
    });
    const scope = effectScope();
    const state = scope.run(() => useSoftphoneSessionLoader(load))!;
    await flushPromises();
    expect(state.loadError.value).toBe(PHONE_LOAD_FAILED_MESSAGE);
    expect(state.loading.value).toBe(false);
    expect(state.phone.value).toBeNull();
    scope.stop();
  });

  it('does not start the session when the shell went away while the code was loading', async () => {
    useSessionStore().user = user('1002');
    const { module, refsSeen } = fakeModule();
    let arrive: (value: SoftphoneSessionModule) => void = () => undefined;
    const load = vi.fn(() => new Promise<SoftphoneSessionModule>((resolve) => (arrive = resolve)));
    const scope = effectScope();
    const state = scope.run(() => useSoftphoneSessionLoader(load))!;
    scope.stop();
    arrive(module);
    await flushPromises();
    expect(refsSeen).toHaveLength(0);
    expect(state.phone.value).toBeNull();
  });
});
