import { watch } from 'vue';
import type { NavigationGuardWithThis, RouteRecordNormalized, Router } from 'vue-router';
import type { Role } from '@ondeck/shared';
import type { useSessionStore } from '../stores/session';
import { HOME_ROUTE } from './routes';
import { runDetached } from '../lib/detached';

type SessionStore = ReturnType<typeof useSessionStore>;

/** Roles on a route apply to all its children: every matched record must allow the role. */
export function roleAllowed(route: { matched: readonly RouteRecordNormalized[] }, role: Role | null): boolean {
  return route.matched.every((record) => !record.meta.roles || (role !== null && record.meta.roles.includes(role)));
}

/**
 * Sends signed-out users to /login (remembering where they wanted to go), signed-in users
 * away from /login, and users whose role lacks a route to the home page.
 */
export function createAuthGuard(session: SessionStore): NavigationGuardWithThis<undefined> {
  return async (to) => {
    await session.restore();
    const isPublic = to.matched.some((record) => record.meta.public);
    if (isPublic) return session.isSignedIn && to.name === 'login' ? { name: HOME_ROUTE } : true;
    if (!session.isSignedIn) {
      return to.fullPath === '/' ? { name: 'login' } : { name: 'login', query: { redirect: to.fullPath } };
    }
    if (!roleAllowed(to, session.role)) return { name: HOME_ROUTE };
    return true;
  };
}

/** When the session ends mid-visit (refresh failed, revoked), leave the protected page. */
export function redirectWhenSignedOut(router: Router, session: SessionStore): void {
  watch(
    () => session.isSignedIn,
    (signedIn) => {
      const current = router.currentRoute.value;
      if (signedIn || current.matched.some((record) => record.meta.public)) return;
      runDetached('going to sign-in after the session ended', () => router.replace({ name: 'login', query: { redirect: current.fullPath } }));
    },
  );
}
