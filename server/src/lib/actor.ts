import type { MonitorMode, Role } from '@ondeck/shared';
import type { User } from './authenticated-user';
import { effectiveScope, type EffectiveScope } from './scope';

/**
 * The signed-in person acting, as every service sees them: built once per request (by the route
 * guard, into `ctx.state.actor`) and once per socket (rebuilt when an admin re-scopes the user),
 * never by hand in a route. Services take the slice they use, e.g. `Pick<Actor, 'id' | 'username' | 'ip'>`.
 */
export interface Actor {
  id: number;
  username: string;
  /** Shown as the caller's name where an action calls someone for this person. */
  displayName: string;
  role: Role;
  extension: string | null;
  monitorModes: readonly MonitorMode[];
  /** Resolved once from role, extension and stored scope (see lib/scope.ts). */
  scope: EffectiveScope;
  /** The client address, for the audit trail. */
  ip: string;
}

export function actorOf(user: User, ip: string): Actor {
  return {
    id: user.id,
    username: user.username,
    displayName: user.displayName,
    role: user.role,
    extension: user.extension,
    monitorModes: user.monitorModes,
    scope: effectiveScope(user),
    ip,
  };
}

/** Work OnDeck does on its own (the demo seed, the on-call scheduler): a name, no person, no address. */
export interface SystemActor {
  system: string;
}

/** How the audit trail names who did something: `user:<id>` for a person, the name for OnDeck itself. */
export function auditName(actor: Pick<Actor, 'id'> | SystemActor): string {
  return 'system' in actor ? actor.system : `user:${actor.id}`;
}

/** The client address of a person's action; OnDeck's own work has none. */
export function auditAddress(actor: Pick<Actor, 'ip'> | SystemActor): string | null {
  return 'system' in actor ? null : actor.ip;
}
