import Router from '@koa/router';
import type { Middleware } from 'koa';
import { actorOf } from '../lib/actor';
import { AppError, forbidden } from '../lib/app-error';
import type { AuthenticatedUser } from '../lib/authenticated-user';
import { setRequestUser } from '../logging';
import { isValidAccess, type ApiState, type RouteAccess, type RouteDefinition } from './route';

/**
 * Who is calling: resolves the request's credentials to a live, enabled account or throws. The
 * auth domain supplies it at the composition root, so the transport knows no domain.
 */
export type RequestAuthenticator = (request: { get(field: string): string }) => Promise<AuthenticatedUser>;

/** Runs before every non-public handler: a live, enabled account whose role the route allows. */
function guard(access: RouteAccess, authenticate: RequestAuthenticator): Middleware<ApiState> {
  return async (ctx, next) => {
    if (access !== 'public') {
      const authenticated = await authenticate(ctx);
      ctx.state.auth = authenticated;
      ctx.state.actor = actorOf(authenticated.user, ctx.ip);
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
export function buildApiRouter(routes: readonly RouteDefinition[], authenticate: RequestAuthenticator): Router<ApiState> {
  const router = new Router<ApiState>({ prefix: '/api' });
  for (const definition of routes) {
    if (!isValidAccess(definition.access)) {
      throw new Error(`Route ${definition.method} /api${definition.path} has no valid access declaration`);
    }
    const method = definition.method.toLowerCase() as 'get' | 'post' | 'put' | 'patch' | 'delete';
    router[method](definition.path, guard(definition.access, authenticate), definition.handler);
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
