import type { CallParty, CallView, ExtensionView, PbxSnapshot, QueueView } from '@ondeck/shared';
import type { EffectiveScope } from '../../lib/scope';

/** Small hand-made model objects for the live panel specs. */

export const ALL: EffectiveScope = { all: true };

export function scopeOf(extensions: string[], queues: string[] = []): EffectiveScope {
  return { all: false, extensions: new Set(extensions), queues: new Set(queues) };
}

export function extension(number: string, callIds: string[] = []): ExtensionView {
  return {
    number,
    name: `Ext ${number}`,
    deviceState: callIds.length > 0 ? 'INUSE' : 'NOT_INUSE',
    registration: { contacts: [], reachable: true },
    dnd: false,
    callIds,
  };
}

export function internalParty(ext: string, channel = `PJSIP/${ext}-0000002a`): CallParty {
  return { number: ext, name: `Ext ${ext}`, extension: ext, external: false, channel };
}

export function externalParty(number: string, name = 'Caller'): CallParty {
  return { number, name, external: true, channel: 'PJSIP/trunk-0000003b' };
}

/** A two-party call between `a` and `b`, with legs and relation. */
export function call(id: string, a: CallParty, b: CallParty, extra: Partial<CallView> = {}): CallView {
  return {
    id,
    direction: a.external ? 'inbound' : b.external ? 'outbound' : 'internal',
    state: 'up',
    parties: [a, b],
    relations: [{ a: a.number, b: b.number, state: 'up' }],
    extensions: [a, b].flatMap((p) => (p.extension ? [p.extension] : [])),
    spiedBy: [],
    startedAt: 1_000,
    answeredAt: 2_000,
    legs: [a, b].map((p, i) => ({ channel: p.channel, uniqueid: `${id}.${i}`, state: 'Up', callerNum: p.number, callerName: p.name })),
    ...extra,
  };
}

export function queue(name: string, memberExtensions: string[]): QueueView {
  return {
    name,
    waiting: 0,
    completed: 3,
    abandoned: 1,
    serviceLevel: 60,
    serviceLevelPerf: 75,
    holdTime: 10,
    talkTime: 90,
    members: memberExtensions.map((ext) => ({
      interface: `Local/${ext}@from-queue/n`,
      name: `Agent ${ext}`,
      stateInterface: `hint:${ext}@ext-local`,
      extension: ext,
      status: 'not_in_use',
      paused: false,
      callsTaken: 0,
      inCall: false,
      membership: 'dynamic',
      penalty: 0,
    })),
    callers: [],
  };
}

export function snapshotOf(parts: Partial<PbxSnapshot>): PbxSnapshot {
  return { stale: false, extensions: [], calls: [], queues: [], ...parts };
}
