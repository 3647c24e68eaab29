import { getCurrentInstance, onScopeDispose, shallowRef, watch, type InjectionKey, type ShallowRef } from 'vue';
import { useRouter } from 'vue-router';
import { ApiRequestError } from '../api/http';
import { phoneApi } from '../api/endpoints';
import { usePhoneStore } from '../stores/phone';
import { useSessionStore } from '../stores/session';

export interface UseSoftphoneSessionReturn {
  /** Why this user has no softphone (not set up, no extension, no secret); null when it runs. */
  unavailable: ShallowRef<string | null>;
  /**
   * For a wss:// PBX: the https address to open once so the browser trusts its certificate
   * (a WebSocket cannot show the certificate prompt itself).
   */
  certificateUrl: ShallowRef<string | null>;
}

/** The shell layout runs the softphone session; the header shows what it knows. */
export const softphoneSessionKey: InjectionKey<UseSoftphoneSessionReturn> = Symbol('softphone-session');

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
export function useSoftphoneSession(): UseSoftphoneSessionReturn {
  const session = useSessionStore();
  const phone = usePhoneStore();
  const unavailable = shallowRef<string | null>(null);
  const certificateUrl = shallowRef<string | null>(null);
  let startedFor: string | null = null;

  async function follow(extension: string | null): Promise<void> {
    if (extension === startedFor) return;
    if (startedFor !== null) await phone.disconnect();
    startedFor = extension;
    if (extension === null) {
      unavailable.value = session.user ? 'Your account has no extension.' : null;
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

  watch(() => session.user?.extension ?? null, (extension) => void follow(extension), { immediate: true });

  // A ringing call brings the phone view forward, wherever the user is in the panel.
  const router = getCurrentInstance() ? useRouter() : undefined;
  watch(
    () => phone.ringingCall?.id,
    (ringing) => {
      if (ringing && router && router.currentRoute.value.name !== 'phone') void router.push({ name: 'phone' });
    },
  );
  onScopeDispose(() => {
    startedFor = null;
    void phone.disconnect();
  });
  return { unavailable, certificateUrl };
}
