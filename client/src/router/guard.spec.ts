import { beforeEach, describe, expect, it, vi } from 'vitest';
import { createPinia, setActivePinia } from 'pinia';
import { createMemoryHistory, type Router } from 'vue-router';
import { nextTick } from 'vue';
import type { LoginResponse, Role } from '@ondeck/shared';
import { createAppRouter } from './index';
import { useSessionStore } from '../stores/session';

function signedInAs(role: Role): LoginResponse {
  return {
    accessToken: 'token',
    expiresIn: 600,
    user: { id: 1, username: role, displayName: role, role, extension: null, monitorModes: [], scope: { extensions: [], queues: [] } },
  };
}

/**
 * The guard resumes a session from the refresh cookie first; this fakes that answer. A browser
 * with a session also has the server's readable hint cookie, without which nothing is asked.
 */
function refreshAnswers(response: LoginResponse | null): void {
  document.cookie = response ? 'ondeck_session=1; path=/' : 'ondeck_session=; path=/; expires=Thu, 01 Jan 1970 00:00:00 GMT';
  vi.stubGlobal('fetch', async () =>
    response
      ? new Response(JSON.stringify(response), { status: 200 })
      : new Response(JSON.stringify({ error: { code: 'unauthenticated', message: 'No session' } }), { status: 401 }),
  );
}

async function setup(response: LoginResponse | null): Promise<{ router: Router; session: ReturnType<typeof useSessionStore> }> {
  refreshAnswers(response);
  const session = useSessionStore();
  const router = createAppRouter(session, createMemoryHistory());
  return { router, session };
}

beforeEach(() => {
  setActivePinia(createPinia());
  vi.unstubAllGlobals();
});

describe('router guard', () => {
  it('sends a signed-out visitor to /login and remembers the target', async () => {
    const { router } = await setup(null);
    await router.push('/queues');
    expect(router.currentRoute.value.name).toBe('login');
    expect(router.currentRoute.value.query.redirect).toBe('/queues');
  });

  it('lets a restored session through without a login page', async () => {
    const { router } = await setup(signedInAs('agent'));
    await router.push('/calls');
    expect(router.currentRoute.value.name).toBe('calls');
  });

  it('keeps agents and supervisors out of settings', async () => {
    for (const role of ['agent', 'supervisor'] as const) {
      setActivePinia(createPinia());
      const { router } = await setup(signedInAs(role));
      await router.push('/settings/users');
      expect(router.currentRoute.value.name).toBe('extensions');
    }
  });

  it('lets admins into settings', async () => {
    const { router } = await setup(signedInAs('admin'));
    await router.push('/settings/users');
    expect(router.currentRoute.value.name).toBe('settings-users');
  });

  it('sends a signed-in user away from the login page', async () => {
    const { router } = await setup(signedInAs('agent'));
    await router.push('/login');
    expect(router.currentRoute.value.name).toBe('extensions');
  });

  it('leaves a protected page when the session ends mid-visit', async () => {
    const { router, session } = await setup(signedInAs('admin'));
    await router.push('/settings/general');
    session.endSession('Your session has ended. Please sign in again.');
    await nextTick();
    await vi.waitFor(() => expect(router.currentRoute.value.name).toBe('login'));
    expect(router.currentRoute.value.query.redirect).toBe('/settings/general');
  });
});
