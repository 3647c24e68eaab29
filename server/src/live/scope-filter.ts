/**
 * What one user may see of the live PBX model. Pure functions: no I/O, no clock.
 *
 * Visibility:
 * - admins see everything, unchanged;
 * - an extension is visible when it is in the user's effective scope;
 * - a queue is visible when it is in scope or (agents) their own extension is one of its
 *   members, with all its members and waiting callers;
 * - a call is visible when one of its parties is an in-scope extension or it runs through
 *   an in-scope queue.
 *
 * Redaction of a visible call (the rule, applied everywhere the same way):
 * - an in-scope extension party is shown as it is;
 * - an external party (trunk) keeps its caller ID and channel: the in-scope person is
 *   talking to them and sees that number on their own phone anyway;
 * - an out-of-scope extension party becomes `{ number: "Internal", external: false }` with
 *   no name, no extension and no channel, and relations name it "Internal" too;
 * - legs are kept only when their channel belongs to a shown party (this also drops Local
 *   half-channels, whose names carry extension numbers);
 * - `spiedBy` keeps only supervisors who are in scope and spy on a shown channel;
 *   `spying` is kept only when both ends are shown;
 * - `queue` is kept only when that queue is in scope; `extensions` lists only in-scope ones.
 *
 * A visible queue shows all its members (managing the queue needs them) and its waiting
 * callers; a waiting caller who is an out-of-scope extension is shown as "Internal", like
 * a call party.
 */
import type { CallParty, CallView, ExtensionView, ModelChange, PbxSnapshot, QueueView, SpyView } from '@ondeck/shared';
import { callVisible, scopeIncludesExtension, scopeIncludesQueue, type EffectiveScope } from '../lib/scope';

export const REDACTED_PARTY = 'Internal';

/** A queue in scope, or one an agent's own extension is a member of (membership can change). */
export function queueViewVisible(scope: EffectiveScope, queue: QueueView): boolean {
  if (scopeIncludesQueue(scope, queue.name)) return true;
  const own = scope.all ? undefined : scope.ownExtension;
  return own !== undefined && queue.members.some((member) => member.extension === own);
}

function partyShown(scope: EffectiveScope, party: CallParty): boolean {
  return party.extension === undefined ? party.external : scopeIncludesExtension(scope, party.extension);
}

function redactParty(scope: EffectiveScope, party: CallParty): CallParty {
  if (partyShown(scope, party)) return { ...party };
  return { number: REDACTED_PARTY, external: false, channel: '' };
}

/** The call as `scope` may see it, or undefined when it is not visible at all. */
export function scopeCall(scope: EffectiveScope, call: CallView): CallView | undefined {
  if (scope.all) return call;
  if (!callVisible(scope, call)) return undefined;
  const shownChannels = new Set(call.parties.filter((p) => partyShown(scope, p)).map((p) => p.channel));
  const hiddenNumbers = new Set(call.parties.filter((p) => !partyShown(scope, p)).map((p) => p.number));
  const rename = (number: string): string => (hiddenNumbers.has(number) && !shownNumber(call, scope, number) ? REDACTED_PARTY : number);
  const spyShown = (spy: SpyView): boolean =>
    scopeIncludesExtension(scope, spy.spy) && shownChannels.has(spy.targetChannel);

  const view: CallView = {
    id: call.id,
    direction: call.direction,
    state: call.state,
    parties: call.parties.map((party) => redactParty(scope, party)),
    relations: call.relations.map((relation) => {
      const scoped = { ...relation, a: rename(relation.a) };
      if (relation.b !== undefined) scoped.b = rename(relation.b);
      if (relation.heldParty !== undefined) scoped.heldParty = rename(relation.heldParty);
      return scoped;
    }),
    extensions: call.extensions.filter((extension) => scopeIncludesExtension(scope, extension)),
    spiedBy: call.spiedBy.filter(spyShown).map((spy) => ({ ...spy })),
    startedAt: call.startedAt,
    legs: call.legs.filter((leg) => shownChannels.has(leg.channel)).map((leg) => ({ ...leg })),
  };
  if (call.queue !== undefined && scopeIncludesQueue(scope, call.queue)) view.queue = call.queue;
  if (call.answeredAt !== undefined) view.answeredAt = call.answeredAt;
  // How the call sounds names no party: whoever may see the call may see its quality.
  if (call.quality !== undefined) view.quality = { ...call.quality };
  if (call.spying && scopeIncludesExtension(scope, call.spying.spy) && scopeIncludesExtension(scope, call.spying.target)) {
    view.spying = { ...call.spying };
  }
  return view;
}

/** A number some shown party also uses (two legs with the same caller ID) stays as it is. */
function shownNumber(call: CallView, scope: EffectiveScope, number: string): boolean {
  return call.parties.some((party) => party.number === number && partyShown(scope, party));
}

export function scopeExtension(scope: EffectiveScope, extension: ExtensionView): ExtensionView | undefined {
  return scopeIncludesExtension(scope, extension.number) ? extension : undefined;
}

/** Tells whether a number is one of the PBX's extensions (as opposed to an outside caller). */
export type IsExtension = (number: string) => boolean;

export function scopeQueue(scope: EffectiveScope, queue: QueueView, isExtension: IsExtension): QueueView | undefined {
  if (scope.all) return queue;
  if (!queueViewVisible(scope, queue)) return undefined;
  const hidden = (num: string | undefined): boolean => num !== undefined && isExtension(num) && !scopeIncludesExtension(scope, num);
  if (!queue.callers.some((caller) => hidden(caller.callerNum))) return queue;
  return {
    ...queue,
    callers: queue.callers.map((caller) =>
      hidden(caller.callerNum)
        ? { position: caller.position, channel: '', uniqueid: caller.uniqueid, callerNum: REDACTED_PARTY, joinedAt: caller.joinedAt }
        : caller,
    ),
  };
}

export function extensionsOf(snapshot: PbxSnapshot): IsExtension {
  const numbers = new Set(snapshot.extensions.map((e) => e.number));
  return (number) => numbers.has(number);
}

export function scopeSnapshot(scope: EffectiveScope, snapshot: PbxSnapshot): PbxSnapshot {
  if (scope.all) return snapshot;
  const isExtension = extensionsOf(snapshot);
  return {
    stale: snapshot.stale,
    extensions: snapshot.extensions.filter((e) => scopeIncludesExtension(scope, e.number)),
    calls: snapshot.calls.flatMap((call) => scopeCall(scope, call) ?? []),
    queues: snapshot.queues.flatMap((queue) => scopeQueue(scope, queue, isExtension) ?? []),
  };
}

type ObjectKind = 'extension' | 'call' | 'queue';

/**
 * The per-socket filter: remembers which objects this user currently sees, so an object
 * that leaves scope (a call whose in-scope party hung up its leg, a queue removed from the
 * user's scope) turns into a `removed` change instead of silently going stale on screen.
 */
export class ScopedView {
  private readonly visible: Record<ObjectKind, Set<string>> = { extension: new Set(), call: new Set(), queue: new Set() };
  /** Every extension of the PBX, in scope or not, to recognise internal queue callers. */
  private readonly extensions = new Set<string>();
  private readonly isExtension: IsExtension = (number) => this.extensions.has(number);

  constructor(private scope: EffectiveScope) {}

  /** Starts over from a full snapshot (connect, resync, scope change). */
  snapshot(snapshot: PbxSnapshot, scope: EffectiveScope = this.scope): PbxSnapshot {
    this.scope = scope;
    this.extensions.clear();
    for (const extension of snapshot.extensions) this.extensions.add(extension.number);
    const scoped = scopeSnapshot(scope, snapshot);
    this.visible.extension = new Set(scoped.extensions.map((e) => e.number));
    this.visible.call = new Set(scoped.calls.map((c) => c.id));
    this.visible.queue = new Set(scoped.queues.map((q) => q.name));
    return scoped;
  }

  /** The change as this user must see it, or undefined when it is none of their business. */
  apply(change: ModelChange): ModelChange | undefined {
    if (change.kind === 'status') return change;
    if (change.kind === 'extension') {
      if (change.op === 'removed') this.extensions.delete(change.id);
      else this.extensions.add(change.id);
    }
    const seen = this.visible[change.kind];
    const scopedValue = change.op === 'removed' || change.value === undefined ? undefined : this.scopeValue(change);
    if (scopedValue === undefined) {
      if (!seen.delete(change.id)) return undefined;
      return { kind: change.kind, op: 'removed', id: change.id };
    }
    const op = seen.has(change.id) ? 'updated' : 'added';
    seen.add(change.id);
    return { ...change, op, value: scopedValue } as ModelChange;
  }

  private scopeValue(change: Exclude<ModelChange, { kind: 'status' }>): ExtensionView | CallView | QueueView | undefined {
    switch (change.kind) {
      case 'extension':
        return change.value && scopeExtension(this.scope, change.value);
      case 'call':
        return change.value && scopeCall(this.scope, change.value);
      case 'queue':
        return change.value && scopeQueue(this.scope, change.value, this.isExtension);
    }
  }
}
