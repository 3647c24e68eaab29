import { getCurrentInstance, onScopeDispose, shallowRef, watch } from 'vue';
import { useRouter, type Router } from 'vue-router';
import { ApiRequestError } from '../api/http';
import { phoneApi } from '../api/endpoints';
import { usePhoneStore } from '../stores/phone';
import { useSessionStore } from '../stores/session';
import { NO_EXTENSION_MESSAGE, type SoftphoneSessionRefs } from './useSoftphoneSessionLoader';
import { runDetached } from '../lib/detached';

/**
 * The softphone session itself. The shell never imports this module statically: it pulls in
 * the phone store and SIP.js, so useSoftphoneSessionLoader fetches it on demand.
 */
export { usePhoneStore };

export interface UseSoftphoneSessionOptions {
  /** Refs to fill (the ones the shell already provides); fresh ones when omitted. */
  refs?: SoftphoneSessionRefs;
  /** The router for bringing a ringing call forward; taken from the component when omitted. */
  router?: Router;
}

export function certificatePageFor(server: string): string | null {
  try {
    const url = new URL(server);
    return url.protocol === 'wss:' ? `https://${url.host}/` : null;
  } catch {
    return null;
  }
}

/**
 * Runs the softphone for as long as someone is signed in: fetches their own phone settings
 * when the session starts or the extension changes, and unregisters when it ends.
 */
export function useSoftphoneSession(options: UseSoftphoneSessionOptions = {}): SoftphoneSessionRefs {
  const session = useSessionStore();
  const phone = usePhoneStore();
  const { unavailable, certificateUrl } = options.refs ?? { unavailable: shallowRef<string | null>(null), certificateUrl: shallowRef<string | null>(null) };
  let startedFor: string | null = null;

  async function follow(extension: string | null): Promise<void> {
    if (extension === startedFor) return;
    if (startedFor !== null) await phone.disconnect();
    startedFor = extension;
    if (extension === null) {
      unavailable.value = session.user ? NO_EXTENSION_MESSAGE : null;
      return;
    }
    try {
      const config = await phoneApi.config();
      if (startedFor !== extension) return;
      unavailable.value = null;
      certificateUrl.value = certificatePageFor(config.server);
      phone.connect(config);
    } catch (error) {
      unavailable.value = error instanceof ApiRequestError ? error.error.message : 'The phone settings could not be loaded. Reload the page to try again.';
    }
  }

  watch(
    () => session.user?.extension ?? null,
    (extension) => runDetached('starting the phone for the signed-in extension', () => follow(extension)),
    { immediate: true },
  );

  // A ringing call brings the phone view forward, wherever the user is in the panel.
  const router = options.router ?? (getCurrentInstance() ? useRouter() : undefined);
  watch(
    () => phone.ringingCall?.id,
    (ringing) => {
      if (!ringing || !router || router.currentRoute.value.name === 'phone') return;
      runDetached('bringing the phone view forward', () => router.push({ name: 'phone' }));
    },
  );
  onScopeDispose(() => {
    startedFor = null;
    runDetached('stopping the phone', () => phone.disconnect());
  });
  return { unavailable, certificateUrl };
}
