import { createRouter, createWebHistory, type RouterHistory } from 'vue-router';
import type { useSessionStore } from '../stores/session';
import { createAuthGuard, redirectWhenSignedOut } from './guard';
import { routes } from './routes';

export function createAppRouter(session: ReturnType<typeof useSessionStore>, history: RouterHistory = createWebHistory()) {
  const router = createRouter({ history, routes });
  router.beforeEach(createAuthGuard(session));
  redirectWhenSignedOut(router, session);
  return router;
}
