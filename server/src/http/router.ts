import Router from '@koa/router';
import type { Middleware } from 'koa';
import type { AuthService } from '../auth/auth.service';
import { readAuthorization } from '../auth/auth.routes';
import { setRequestUser } from '../logging';
import { AppError, forbidden } from './app-error';
import { isValidAccess, type ApiState, type RouteAccess, type RouteDefinition } from './route';

/** Runs before every non-public handler: a live, enabled account whose role the route allows. */
function guard(access: RouteAccess, auth: Pick<AuthService, 'authenticate'>): Middleware<ApiState> {
  return async (ctx, next) => {
    if (access !== 'public') {
      const authenticated = await auth.authenticate(readAuthorization(ctx));
      ctx.state.auth = authenticated;
      setRequestUser(authenticated.user.id);
      if (access !== 'authenticated' && !access.includes(authenticated.user.role)) throw forbidden();
    }
    await next();
  };
}

/**
 * Mounts every route under /api. A route without a valid access declaration stops start-up:
 * nothing reaches production with an accidental "no check".
 */
export function buildApiRouter(routes: readonly RouteDefinition[], auth: Pick<AuthService, 'authenticate'>): Router<ApiState> {
  const router = new Router<ApiState>({ prefix: '/api' });
  for (const definition of routes) {
    if (!isValidAccess(definition.access)) {
      throw new Error(`Route ${definition.method} /api${definition.path} has no valid access declaration`);
    }
    const method = definition.method.toLowerCase() as 'get' | 'post' | 'put' | 'patch' | 'delete';
    router[method](definition.path, guard(definition.access, auth), definition.handler);
  }
  return router;
}

/** After the router: anything under /api nobody answered is a JSON 404, never the SPA. */
export function apiNotFound(): Middleware<ApiState> {
  return async (ctx, next) => {
    await next();
    if ((ctx.path === '/api' || ctx.path.startsWith('/api/')) && ctx.body === undefined && ctx.status === 404) {
      throw new AppError('not_found', 'There is no such API endpoint. Check the address.');
    }
  };
}
