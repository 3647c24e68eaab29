/**
 * Who is ringing / talking to / holding whom. Channels are nodes; bridges, dials and the two
 * halves of a Local channel are edges. Local channels are transparent: a path
 * `PJSIP/1001 -dial-> Local;1 -pair- Local;2 -dial-> PJSIP/1003` is one relation 1001-1003,
 * ringing while any dial on the path is unanswered.
 */
import type { RelationState } from '@ondeck/shared';
import type { ChannelRecord, ChannelTable } from './channels';

export interface ChannelRelation {
  a: ChannelRecord;
  b?: ChannelRecord;
  state: RelationState;
  held?: ChannelRecord;
}

type EdgeState = 'ringing' | 'up';

export function isLocal(channel: ChannelRecord): boolean {
  return channel.parsed?.local !== undefined || channel.parsed?.tech.toLowerCase() === 'local';
}

/**
 * Adjacency looked up on demand. Dialled channels and both Local halves inherit the
 * Linkedid of the call, so reverse links are searched in the node's own call only.
 */
export class ChannelGraph {
  constructor(readonly table: ChannelTable) {}

  private sameCall(channel: ChannelRecord): ChannelRecord[] {
    const out: ChannelRecord[] = [];
    for (const id of this.table.byLinkedid.get(channel.linkedid) ?? []) {
      const other = this.table.byId.get(id);
      if (other && other !== channel) out.push(other);
    }
    return out;
  }

  private neighbours(channel: ChannelRecord): Array<[ChannelRecord, EdgeState]> {
    const out: Array<[ChannelRecord, EdgeState]> = [];
    if (channel.bridgeId !== undefined) {
      for (const id of this.table.bridges.get(channel.bridgeId) ?? []) {
        const peer = this.table.byId.get(id);
        if (peer && peer !== channel) out.push([peer, 'up']);
      }
    }
    const dialer = this.table.get(channel.dialedBy?.uniqueid);
    if (dialer && channel.dialedBy) out.push([dialer, channel.dialedBy.answered ? 'up' : 'ringing']);
    const pairKey = channel.parsed?.local?.pairKey;
    for (const other of this.sameCall(channel)) {
      if (other.dialedBy?.uniqueid === channel.uniqueid) out.push([other, other.dialedBy.answered ? 'up' : 'ringing']);
      if (pairKey !== undefined && other.parsed?.local?.pairKey === pairKey) out.push([other, 'up']);
    }
    return out;
  }

  /** Real (non-Local) channels reachable from `start` through Local channels only. */
  reachableParties(start: ChannelRecord): Map<ChannelRecord, EdgeState> {
    const found = new Map<ChannelRecord, EdgeState>();
    const seen = new Set<ChannelRecord>([start]);
    const queue: Array<[ChannelRecord, EdgeState]> = this.neighbours(start);
    while (queue.length > 0) {
      const next = queue.shift();
      if (!next) break;
      const [node, state] = next;
      if (seen.has(node)) continue;
      seen.add(node);
      if (!isLocal(node)) {
        if (found.get(node) !== 'ringing') found.set(node, state);
        continue;
      }
      for (const [peer, edge] of this.neighbours(node)) {
        if (!seen.has(peer)) queue.push([peer, state === 'ringing' || edge === 'ringing' ? 'ringing' : 'up']);
      }
    }
    return found;
  }

  /** Real parties behind a channel: itself, or what a Local channel leads to. */
  partiesBehind(channel: ChannelRecord, exclude: ChannelRecord): ChannelRecord[] {
    if (!isLocal(channel)) return [channel];
    return [...this.reachableParties(channel).keys()].filter((party) => party !== exclude);
  }
}

function older(a: ChannelRecord, b: ChannelRecord): boolean {
  if (a.createdAt !== b.createdAt) return a.createdAt < b.createdAt;
  return sequenceOf(a.uniqueid) <= sequenceOf(b.uniqueid);
}

function sequenceOf(uniqueid: string): number {
  const seq = Number(uniqueid.split('.')[1]);
  return Number.isFinite(seq) ? seq : 0;
}

export function oldestFirst(a: ChannelRecord, b: ChannelRecord): number {
  return older(a, b) ? -1 : 1;
}

/** Relations of the real channels in `legs` (one call). Spying channels are reported separately. */
export function relationsOf(legs: readonly ChannelRecord[], graph: ChannelGraph): ChannelRelation[] {
  const pairs = new Map<string, ChannelRelation>();
  const key = (x: ChannelRecord, y: ChannelRecord): string =>
    x.uniqueid < y.uniqueid ? `${x.uniqueid}|${y.uniqueid}` : `${y.uniqueid}|${x.uniqueid}`;
  const ordered = (x: ChannelRecord, y: ChannelRecord): [ChannelRecord, ChannelRecord] => (older(x, y) ? [x, y] : [y, x]);

  const real = legs.filter((leg) => !isLocal(leg) && leg.spy?.targetUniqueid === undefined);
  for (const leg of real) {
    for (const [peer, state] of graph.reachableParties(leg)) {
      if (peer.spy?.targetUniqueid !== undefined) continue;
      const k = key(leg, peer);
      if (pairs.has(k)) continue;
      const [a, b] = ordered(leg, peer);
      pairs.set(k, { a, b, state });
    }
  }
  // Hold outlives the bridge: during an attended transfer the held party sits alone in its bridge.
  for (const holder of real) {
    for (const heldId of holder.holding ?? []) {
      const heldChannel = graph.table.get(heldId);
      if (!heldChannel) continue;
      for (const held of graph.partiesBehind(heldChannel, holder)) {
        const [a, b] = ordered(holder, held);
        pairs.set(key(holder, held), { a, b, state: 'on_hold', held });
      }
    }
  }
  const related = new Set<ChannelRecord>();
  for (const relation of pairs.values()) {
    related.add(relation.a);
    if (relation.b) related.add(relation.b);
  }
  const result = [...pairs.values()];
  for (const leg of real) {
    if (related.has(leg)) continue;
    result.push({ a: leg, state: leg.state === 6 ? 'up' : 'ringing' });
  }
  return result;
}
