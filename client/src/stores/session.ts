import { defineStore } from 'pinia';
import { computed, shallowRef, watch } from 'vue';
import { SESSION_HINT_COOKIE, type ChangeOwnPasswordRequest, type LoginResponse, type SessionUser } from '@ondeck/shared';
import { authApi } from '../api/endpoints';
import { ApiRequestError, setAuthHooks } from '../api/http';
import { useUserActivity } from '../composables/useUserActivity';
import { runDetached } from '../lib/detached';

/** Renew this long before the access token expires. */
export const REFRESH_LEAD_MS = 60_000;
/** After this long without input in a hidden tab, stop renewing until the user returns. */
export const IDLE_LIMIT_MS = 30 * 60_000;
/** When the server cannot be reached, try renewing again after this long. */
export const REFRESH_RETRY_MS = 15_000;

export const SESSION_ENDED_MESSAGE = 'Your session has ended. Please sign in again.';

/** The server's readable "a session may exist" cookie (set and cleared with the refresh cookie). */
function hasSessionHint(): boolean {
  return typeof document !== 'undefined' && document.cookie.split(';').some((part) => part.trim().startsWith(`${SESSION_HINT_COOKIE}=`));
}

/**
 * Who is signed in. The access token lives only in memory; the refresh token is an httpOnly
 * cookie the browser sends to /api/auth/refresh. The token is renewed shortly before it
 * expires while the user is around, and once on demand when the API reports token_expired.
 */
export const useSessionStore = defineStore('session', () => {
  const user = shallowRef<SessionUser | null>(null);
  const accessToken = shallowRef<string | null>(null);
  /** Epoch milliseconds at which the access token expires. */
  const expiresAt = shallowRef(0);
  /** Why the user was sent to the login page, shown there once. */
  const notice = shallowRef<string | null>(null);
  /** True once the app has tried to resume a session from the refresh cookie. */
  const restored = shallowRef(false);

  const isSignedIn = computed(() => user.value !== null && accessToken.value !== null);
  const role = computed(() => user.value?.role ?? null);

  const activity = useUserActivity();
  let refreshTimer: ReturnType<typeof setTimeout> | undefined;
  let refreshInFlight: Promise<boolean> | null = null;
  let restoreInFlight: Promise<void> | null = null;
  let waitingForActivity = false;

  /** A visible page counts as in use: operators watch the panel without touching it. */
  function isUserActive(): boolean {
    const visible = typeof document === 'undefined' || document.visibilityState !== 'hidden';
    return visible || activity.isActiveWithin(IDLE_LIMIT_MS);
  }

  function scheduleRefresh(delayMs: number): void {
    clearTimeout(refreshTimer);
    refreshTimer = setTimeout(() => {
      if (isUserActive()) runDetached('renewing the session', () => refresh());
      else waitingForActivity = true;
    }, delayMs);
  }

  watch(activity.lastActiveAt, () => {
    if (!waitingForActivity || !isSignedIn.value) return;
    waitingForActivity = false;
    runDetached('renewing the session', () => refresh());
  });

  function apply(response: LoginResponse): void {
    const lifetimeMs = response.expiresIn * 1000;
    accessToken.value = response.accessToken;
    user.value = response.user;
    expiresAt.value = Date.now() + lifetimeMs;
    notice.value = null;
    waitingForActivity = false;
    // Short-lived tokens (a minute or two) renew halfway through instead.
    scheduleRefresh(Math.max(lifetimeMs - REFRESH_LEAD_MS, lifetimeMs / 2));
  }

  /** Forget the session locally; the router sends the user to the login page. */
  function endSession(message: string | null): void {
    clearTimeout(refreshTimer);
    waitingForActivity = false;
    user.value = null;
    accessToken.value = null;
    expiresAt.value = 0;
    notice.value = message;
  }

  /** Renews the access token. Concurrent callers share one request. Resolves false on failure. */
  function refresh(): Promise<boolean> {
    refreshInFlight ??= (async () => {
      try {
        apply(await authApi.refresh());
        return true;
      } catch (error) {
        const unreachable = error instanceof ApiRequestError && error.status === 0;
        if (unreachable && isSignedIn.value) {
          // The server is restarting or the network blipped: keep the session and try again.
          scheduleRefresh(REFRESH_RETRY_MS);
        } else {
          endSession(SESSION_ENDED_MESSAGE);
        }
        return false;
      } finally {
        refreshInFlight = null;
      }
    })();
    return refreshInFlight;
  }

  /** On page load: resume the session from the refresh cookie if there is one, quietly. */
  function restore(): Promise<void> {
    if (restored.value) return Promise.resolve();
    restoreInFlight ??= (async () => {
      try {
        // Never signed in here (or signed out): nothing to resume, and no 401 in the console.
        if (!hasSessionHint()) return;
        apply(await authApi.refresh());
      } catch {
        // No cookie or an expired one: simply not signed in.
      } finally {
        restored.value = true;
        restoreInFlight = null;
      }
    })();
    return restoreInFlight;
  }

  async function login(login: string, password: string): Promise<void> {
    apply(await authApi.login({ login, password }));
    restored.value = true;
  }

  async function logout(): Promise<void> {
    try {
      await authApi.logout();
    } catch {
      // Signing out locally matters more than telling the server.
    }
    endSession(null);
  }

  /** The server ends every other session and hands this browser fresh tokens. */
  async function changePassword(body: ChangeOwnPasswordRequest): Promise<void> {
    apply(await authApi.changePassword(body));
  }

  /** The server pushed a new version of our own record (role, scope, modes). */
  function setUser(next: SessionUser): void {
    if (user.value && user.value.id === next.id) user.value = next;
  }

  setAuthHooks({
    getAccessToken: () => accessToken.value,
    refreshAccessToken: refresh,
    onSessionRejected: (error) => {
      if (isSignedIn.value) endSession(error.code === 'token_revoked' ? error.message : SESSION_ENDED_MESSAGE);
    },
  });

  return {
    user,
    accessToken,
    expiresAt,
    notice,
    restored,
    isSignedIn,
    role,
    isUserActive,
    refresh,
    restore,
    login,
    logout,
    endSession,
    changePassword,
    setUser,
  };
});
