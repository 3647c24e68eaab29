import type { CallView, Role, Scope } from '@ondeck/shared';

/**
 * What a user may see and act on. Realtime and PBX code filter every event through this; never
 * read `user.scope` directly, because it lacks the rules below. In lib/ because the signed-in
 * `Actor` carries it and every domain checks it: the one place these checks live.
 */
export type EffectiveScope =
  | { all: true }
  | {
      all: false;
      extensions: ReadonlySet<string>;
      queues: ReadonlySet<string>;
      /** An agent's own extension: a queue it is a member of is visible as if it were in scope. */
      ownExtension?: string;
    };

interface ScopedUser {
  role: Role;
  extension: string | null;
  scope: Scope;
}

/**
 * Admins see everything; everyone else sees their scope plus, always, their own extension. An
 * agent also sees the queues their extension is a member of (an agent in the support queue sees
 * support); a supervisor's queues are the ones an admin put in their scope.
 */
export function effectiveScope(user: ScopedUser): EffectiveScope {
  if (user.role === 'admin') return { all: true };
  const extensions = new Set(user.scope.extensions);
  const queues = new Set(user.scope.queues);
  if (user.extension === null) return { all: false, extensions, queues };
  extensions.add(user.extension);
  return user.role === 'agent' ? { all: false, extensions, queues, ownExtension: user.extension } : { all: false, extensions, queues };
}

export function scopeIncludesExtension(scope: EffectiveScope, extension: string): boolean {
  return scope.all || scope.extensions.has(extension);
}

export function scopeIncludesQueue(scope: EffectiveScope, queue: string): boolean {
  return scope.all || scope.queues.has(queue);
}

/** A call is visible when one of its extensions is in scope or it runs through an in-scope queue. */
export function callVisible(scope: EffectiveScope, call: Pick<CallView, 'queue' | 'extensions'>): boolean {
  if (scope.all) return true;
  if (call.queue !== undefined && scope.queues.has(call.queue)) return true;
  return call.extensions.some((extension) => scope.extensions.has(extension));
}

/** The stored scope with the own extension added, as shown to the user themselves. */
export function visibleScope(user: ScopedUser): Scope {
  const scope = effectiveScope(user);
  if (scope.all) return user.scope;
  return { extensions: [...scope.extensions].sort(), queues: [...scope.queues].sort() };
}
