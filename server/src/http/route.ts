import type { RouterContext } from '@koa/router';
import { ROLES, type Role } from '@ondeck/shared';
import type { Actor } from '../lib/actor';
import type { AuthenticatedUser } from '../lib/authenticated-user';
import { unauthenticated } from '../lib/app-error';

export interface ApiState {
  requestId: string;
  /** Set by the route guard on every route that is not `public`. */
  auth?: AuthenticatedUser;
  /** The same person as the actor every service takes, built by the guard with it. */
  actor?: Actor;
}

export type ApiContext = RouterContext<ApiState>;

/**
 * Who may call a route. Declared on every route so the authorization matrix test can check
 * each one against each role without anyone keeping a list by hand.
 * - `public`: no sign-in (login, refresh, health).
 * - `authenticated`: any signed-in, enabled user.
 * - a list of roles: only those.
 */
export type RouteAccess = 'public' | 'authenticated' | readonly Role[];

export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

export interface RouteDefinition {
  method: HttpMethod;
  /** Path below /api, e.g. `/users/:id`. */
  path: string;
  access: RouteAccess;
  handler: (ctx: ApiContext) => Promise<void>;
}

/**
 * A route outside the shared REST contract: only for plugged-in modules and tests. OnDeck's own
 * endpoints use contractRoute(), whose answers the compiler checks against `shared/`.
 */
export function route(method: HttpMethod, path: string, access: RouteAccess, handler: RouteDefinition['handler']): RouteDefinition {
  return { method, path, access, handler };
}

export function isValidAccess(access: unknown): access is RouteAccess {
  if (access === 'public' || access === 'authenticated') return true;
  return (
    Array.isArray(access) &&
    access.length > 0 &&
    access.every((role) => (ROLES as readonly unknown[]).includes(role))
  );
}

export function allowsRole(access: RouteAccess, role: Role): boolean {
  return access === 'public' || access === 'authenticated' || access.includes(role);
}

/** The signed-in user of a non-public route; the guard has already checked them. */
export function currentUser(ctx: ApiContext): AuthenticatedUser {
  const auth = ctx.state.auth;
  if (!auth) throw unauthenticated();
  return auth;
}

/** Who is acting on a non-public route, built once by the guard: services take this, or a slice of it. */
export function currentActor(ctx: ApiContext): Actor {
  const actor = ctx.state.actor;
  if (!actor) throw unauthenticated();
  return actor;
}
