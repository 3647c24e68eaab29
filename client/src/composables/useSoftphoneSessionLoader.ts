/**
 * The softphone session as the shell provides it, without the softphone code: SIP.js and the
 * phone store arrive by dynamic import only for a signed-in user with an extension, so the
 * panel is interactive before they load and an account without an extension never fetches
 * them. Nothing here may import the phone store or SIP.js at runtime (type imports only).
 */
import { effectScope, getCurrentInstance, shallowRef, watch, type InjectionKey, type ShallowRef } from 'vue';
import { useRouter, type Router } from 'vue-router';
import type { usePhoneStore } from '../stores/phone';
import { useSessionStore } from '../stores/session';
import { runDetached } from '../lib/detached';

export type PhoneStore = ReturnType<typeof usePhoneStore>;

export const NO_EXTENSION_MESSAGE = 'Your account has no extension.';
export const PHONE_LOAD_FAILED_MESSAGE = 'The phone could not be loaded. Reload the page to try again.';

/** What the lazily loaded session fills in; `useSoftphoneSession` writes to these refs. */
export interface SoftphoneSessionRefs {
  /** Why this user has no softphone (not set up, no extension, no secret); null when it runs. */
  unavailable: ShallowRef<string | null>;
  /**
   * For a wss:// PBX: the https address to open once so the browser trusts its certificate
   * (a WebSocket cannot show the certificate prompt itself).
   */
  certificateUrl: ShallowRef<string | null>;
}

export interface SoftphoneSessionState extends SoftphoneSessionRefs {
  /** True while the softphone code is being fetched. */
  loading: ShallowRef<boolean>;
  /** Set when the softphone code could not be fetched (network, a new deploy's missing chunk). */
  loadError: ShallowRef<string | null>;
  /** The phone store, once the softphone code has loaded; null until then. */
  phone: ShallowRef<PhoneStore | null>;
}

/** The shell layout runs the softphone session; the header and the phone view show what it knows. */
export const softphoneSessionKey: InjectionKey<SoftphoneSessionState> = Symbol('softphone-session');

export interface SoftphoneSessionModule {
  useSoftphoneSession(options: { refs: SoftphoneSessionRefs; router?: Router }): unknown;
  usePhoneStore(): PhoneStore;
}

const importSoftphoneSession = (): Promise<SoftphoneSessionModule> => import('./useSoftphoneSession');

/**
 * Provides the softphone session state at once and fetches the session code the first time
 * the signed-in user has an extension. The loaded session runs in a scope owned by the caller
 * (stopped with the shell), so it unregisters when the shell goes away, as before.
 */
export function useSoftphoneSessionLoader(load: () => Promise<SoftphoneSessionModule> = importSoftphoneSession): SoftphoneSessionState {
  const session = useSessionStore();
  const state: SoftphoneSessionState = {
    unavailable: shallowRef(null),
    certificateUrl: shallowRef(null),
    loading: shallowRef(false),
    loadError: shallowRef(null),
    phone: shallowRef(null),
  };
  // Captured now: after the await there is no component instance to inject the router from.
  const router = getCurrentInstance() ? useRouter() : undefined;
  const scope = effectScope();
  let requested = false;

  async function start(): Promise<void> {
    requested = true;
    state.loading.value = true;
    try {
      const module = await load();
      if (!scope.active) return;
      scope.run(() => {
        module.useSoftphoneSession({ refs: state, router });
        state.phone.value = module.usePhoneStore();
      });
    } catch {
      state.loadError.value = PHONE_LOAD_FAILED_MESSAGE;
    } finally {
      state.loading.value = false;
    }
  }

  watch(
    () => session.user?.extension ?? null,
    (extension) => {
      // Once requested, the loaded session follows the extension and says why there is no phone.
      if (requested) return;
      if (extension !== null) runDetached('loading the softphone', () => start());
      else state.unavailable.value = session.user ? NO_EXTENSION_MESSAGE : null;
    },
    { immediate: true },
  );
  return state;
}
