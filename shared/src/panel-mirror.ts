import type { PanelDelta, PanelSnapshot } from './panel';
import type { CallView, ExtensionView, ModelChange, QueueView } from './pbx';

/**
 * The receiving end of the panel protocol, once for every reader (the panel's store, tests,
 * benches): a snapshot, then numbered deltas applied in order. A delta that is not the next
 * number means something was missed: the mirror is left as it was and the caller asks for
 * a fresh snapshot instead of guessing.
 *
 * The maps are changed in place, not copied: a wall of 2,000 tiles takes a batch every few
 * milliseconds, and the store tells its views which maps changed (`touched`).
 */
export interface PanelMirror {
  /** The seq of the last snapshot or delta applied. */
  seq: number;
  extensions: Map<string, ExtensionView>;
  calls: Map<string, CallView>;
  queues: Map<string, QueueView>;
  /** The server's PBX link is down or resyncing: the data may be old. */
  pbxStale: boolean;
}

export type PanelObjectKind = 'extension' | 'call' | 'queue';

export type PanelDeltaOutcome =
  /** Applied; `touched` names the maps that changed. */
  | { result: 'applied'; touched: ReadonlySet<PanelObjectKind> }
  /** Already seen (seq not above the mirror's): ignored. */
  | { result: 'old' }
  /** A seq was skipped: nothing applied, a fresh snapshot is needed. */
  | { result: 'gap' };

/** A new mirror holding exactly what the snapshot says. */
export function mirrorPanelSnapshot(payload: PanelSnapshot): PanelMirror {
  const { snapshot } = payload;
  return {
    seq: payload.seq,
    extensions: new Map(snapshot.extensions.map((e) => [e.number, e])),
    calls: new Map(snapshot.calls.map((c) => [c.id, c])),
    queues: new Map(snapshot.queues.map((q) => [q.name, q])),
    pbxStale: snapshot.stale,
  };
}

/** Applies the next delta to the mirror in place (see PanelDeltaOutcome). */
export function applyPanelDelta(mirror: PanelMirror, delta: PanelDelta): PanelDeltaOutcome {
  if (delta.seq <= mirror.seq) return { result: 'old' };
  if (delta.seq !== mirror.seq + 1) return { result: 'gap' };
  mirror.seq = delta.seq;
  const touched = new Set<PanelObjectKind>();
  for (const change of delta.changes) applyModelChange(mirror, change, touched);
  return { result: 'applied', touched };
}

function applyModelChange(mirror: PanelMirror, change: ModelChange, touched: Set<PanelObjectKind>): void {
  if (change.kind === 'status') {
    mirror.pbxStale = change.value.stale;
    return;
  }
  touched.add(change.kind);
  const map: Map<string, unknown> = change.kind === 'extension' ? mirror.extensions : change.kind === 'call' ? mirror.calls : mirror.queues;
  if (change.op === 'removed' || change.value === undefined) map.delete(change.id);
  else map.set(change.id, change.value);
}

/**
 * What a socket shows after these messages in arrival order, or null before its first
 * snapshot. Throws on a seq gap: a test reading the log of one socket must not see one.
 */
export function mirrorOfPanelMessages(
  messages: ReadonlyArray<{ type: 'snapshot'; payload: PanelSnapshot } | { type: 'delta'; payload: PanelDelta }>,
): PanelMirror | null {
  let mirror: PanelMirror | null = null;
  for (const message of messages) {
    if (message.type === 'snapshot') mirror = mirrorPanelSnapshot(message.payload);
    else if (mirror && applyPanelDelta(mirror, message.payload).result === 'gap') {
      throw new Error(`panel delta ${message.payload.seq} after ${mirror.seq}: a message was missed`);
    }
  }
  return mirror;
}
