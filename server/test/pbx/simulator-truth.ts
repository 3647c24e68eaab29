/**
 * What the simulated PBX really is right now, read from its world (not from AMI), in the
 * same comparable shape as OnDeck's model: device states per extension, live calls by
 * Linkedid with their relations, and queue callers/members/paused.
 *
 * Relations are derived independently of the model's graph code, from facts the world
 * holds: channels in one bridge (Local channel halves joined) talk; a ringing phone rings
 * with the free (unbridged, not ringing) real parties of its call; a channel hearing music
 * on hold makes its pair on_hold; a real channel in no relation stands alone.
 */
import type { PbxSnapshot } from '@ondeck/shared';
import type { World } from '../../simulator';
import type { SimChannel } from '../../simulator/channel';

export interface ComparableState {
  devices: Record<string, string>;
  /** Linkedid -> sorted relation strings ("1001+1002 up", "1003 up"). */
  calls: Record<string, string[]>;
  queues: Record<string, { callers: string[]; members: Record<string, { paused: boolean; status: string }> }>;
}

const MEMBER_STATUS: Record<string, string> = {
  UNKNOWN: 'unknown', NOT_INUSE: 'not_in_use', INUSE: 'in_use', BUSY: 'busy', INVALID: 'invalid',
  UNAVAILABLE: 'unavailable', RINGING: 'ringing', RINGINUSE: 'ring_in_use', ONHOLD: 'on_hold',
};

const isLocal = (channel: SimChannel): boolean => channel.name.startsWith('Local/');
const localPairKey = (channel: SimChannel): string => channel.name.replace(/;[12]$/, '');

function partyNumber(world: World, channel: SimChannel): string {
  const endpoint = /^PJSIP\/([^-]+)-/.exec(channel.name)?.[1];
  return endpoint !== undefined && world.endpoints.has(endpoint) ? endpoint : channel.callerNum;
}

function relationsOfCall(world: World, legs: SimChannel[]): string[] {
  // Union-find over bridges and Local halves: who can hear whom.
  const parent = new Map<SimChannel, SimChannel>(legs.map((leg) => [leg, leg]));
  const find = (leg: SimChannel): SimChannel => {
    let root = leg;
    while (parent.get(root) !== root) root = parent.get(root) ?? root;
    return root;
  };
  const join = (a: SimChannel, b: SimChannel): void => {
    parent.set(find(a), find(b));
  };
  for (const a of legs) {
    for (const b of legs) {
      if (a === b) continue;
      if (a.bridgeId !== undefined && a.bridgeId === b.bridgeId) join(a, b);
      if (isLocal(a) && isLocal(b) && localPairKey(a) === localPairKey(b)) join(a, b);
    }
  }
  const real = legs.filter((leg) => !isLocal(leg));
  const out = new Set<string>();
  const related = new Set<SimChannel>();
  const add = (a: SimChannel, b: SimChannel, state: string): void => {
    out.add(`${[partyNumber(world, a), partyNumber(world, b)].sort().join('+')} ${state}`);
    related.add(a).add(b);
  };
  for (const [i, a] of real.entries()) {
    for (const b of real.slice(i + 1)) {
      if (find(a) === find(b)) add(a, b, a.hearingMoh || b.hearingMoh ? 'on_hold' : 'up');
    }
  }
  const talking = (leg: SimChannel): boolean => real.some((other) => other !== leg && find(other) === find(leg));
  const free = real.filter((leg) => leg.state !== 5 && !talking(leg));
  for (const ringing of real.filter((leg) => leg.state === 5 && !talking(leg))) {
    for (const caller of free) add(caller, ringing, 'ringing');
  }
  for (const leg of real) {
    if (!related.has(leg)) out.add(`${partyNumber(world, leg)} ${leg.state === 6 ? 'up' : 'ringing'}`);
  }
  return [...out].sort();
}

export function truthOf(world: World): ComparableState {
  const devices: ComparableState['devices'] = {};
  for (const id of world.endpoints.keys()) devices[id] = world.devices.get(`PJSIP/${id}`);
  const byLinkedid = new Map<string, SimChannel[]>();
  for (const channel of world.channels.values()) {
    byLinkedid.set(channel.linkedid, [...(byLinkedid.get(channel.linkedid) ?? []), channel]);
  }
  const calls: ComparableState['calls'] = {};
  for (const [linkedid, legs] of byLinkedid) calls[linkedid] = relationsOfCall(world, legs);
  const queues: ComparableState['queues'] = {};
  for (const queue of world.queues.values()) {
    const members: ComparableState['queues'][string]['members'] = {};
    for (const member of queue.members) members[member.interface] = { paused: member.paused, status: MEMBER_STATUS[member.status] ?? member.status };
    queues[queue.name] = { callers: queue.callers.map((caller) => caller.channel.name), members };
  }
  return { devices, calls, queues };
}

export function modelState(snapshot: PbxSnapshot, extensions: Iterable<string>): ComparableState {
  const devices: ComparableState['devices'] = {};
  for (const id of extensions) devices[id] = snapshot.extensions.find((ext) => ext.number === id)?.deviceState ?? 'missing';
  const calls: ComparableState['calls'] = {};
  for (const call of snapshot.calls) {
    calls[call.id] = call.relations
      .map((relation) => `${(relation.b === undefined ? [relation.a] : [relation.a, relation.b].sort()).join('+')} ${relation.state}`)
      .filter((value, index, all) => all.indexOf(value) === index)
      .sort();
  }
  const queues: ComparableState['queues'] = {};
  for (const queue of snapshot.queues) {
    const members: ComparableState['queues'][string]['members'] = {};
    for (const member of queue.members) members[member.interface] = { paused: member.paused, status: member.status };
    queues[queue.name] = { callers: [...queue.callers].sort((a, b) => a.position - b.position).map((caller) => caller.channel), members };
  }
  return { devices, calls, queues };
}
