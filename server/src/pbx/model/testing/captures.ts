/**
 * Test support: the expect.json checkpoints of the recorded AMI captures (read through the
 * one capture loader, ami/testing/captures) and model state turned into their shape. Only
 * imported by specs.
 */
import type { PbxSnapshot } from '@ondeck/shared';
import { AmiMessage } from '../../ami/codec';
import { readExpectFile } from '../../ami/testing/captures';

export interface ExpectedQueue {
  waiting: number;
  members: Record<string, { paused: boolean; pausedReason?: string; status: string; inCall: boolean }>;
  callers: Array<{ channel: string }>;
}

export interface Checkpoint {
  afterMessage: number;
  what: string;
  devices: Record<string, string>;
  calls: Array<{ parties: string[]; state: string; spying?: string; mode?: string; app?: string; conference?: string }>;
  queues: Record<string, ExpectedQueue>;
}

export function loadCheckpoints(name: string): Checkpoint[] {
  return readExpectFile<{ checkpoints: Checkpoint[] }>(name).checkpoints;
}

/**
 * The idle state of the test PBX before each capture (README "Setup summary": phones
 * 1001-1003 idle, queue support with static members PJSIP/1001-1002, support-local with
 * Local members), given to the model the way a resync would.
 */
export function idleBaseline(): AmiMessage[] {
  const list: AmiMessage[] = [];
  for (const ext of ['1001', '1002', '1003']) {
    list.push(AmiMessage.from({ Event: 'DeviceStateChange', Device: `PJSIP/${ext}`, State: 'NOT_INUSE' }));
  }
  for (const queue of ['support', 'support-local']) {
    list.push(AmiMessage.from({ Event: 'QueueParams', Queue: queue, Strategy: 'ringall', Calls: '0' }));
  }
  const member = (queue: string, name: string, location: string, state: string): AmiMessage =>
    AmiMessage.from({
      Event: 'QueueMember', Queue: queue, Name: name, Location: location, StateInterface: state,
      Membership: 'static', Status: '1', Paused: '0', InCall: '0', CallsTaken: '0',
    });
  list.push(member('support', 'Agent 1001', 'PJSIP/1001', 'PJSIP/1001'));
  list.push(member('support', 'Agent 1002', 'PJSIP/1002', 'PJSIP/1002'));
  for (const ext of ['1001', '1002', '1003']) {
    list.push(member('support-local', `Local ${ext}`, `Local/${ext}@from-queue/n`, `PJSIP/${ext}`));
  }
  return list;
}

const QUEUE_STATUS_TEXT: Record<string, string> = {
  not_in_use: 'Not in use', in_use: 'In use', busy: 'Busy', invalid: 'Invalid', unavailable: 'Unavailable',
  ringing: 'Ringing', ring_in_use: 'Ring+Inuse', on_hold: 'On Hold', unknown: 'Unknown',
};

/** Relations as sorted strings: "1001+1002 up", "1003 up", "1003 spies 1001 (qEu)". */
export function relationsOfSnapshot(snapshot: PbxSnapshot): string[] {
  const out = new Set<string>();
  for (const call of snapshot.calls) {
    for (const relation of call.relations) {
      const parties = relation.b === undefined ? [relation.a] : [relation.a, relation.b].sort();
      out.add(`${parties.join('+')} ${relation.state}`);
    }
    if (call.spying) out.add(`${call.spying.spy} spies ${call.spying.target} (${call.spying.options ?? '?'})`);
  }
  return [...out].sort();
}

export function relationsOfCheckpoint(checkpoint: Checkpoint): string[] {
  const out = new Set<string>();
  for (const call of checkpoint.calls) {
    if (call.spying !== undefined) {
      out.add(`${call.parties.join('+')} spies ${call.spying} (${call.mode ?? '?'})`);
      continue;
    }
    const state = call.state === 'hold' ? 'on_hold' : call.state;
    out.add(`${[...call.parties].sort().join('+')} ${state}`);
  }
  return [...out].sort();
}

/** Applications calls are connected to, as "1002 VoiceMailMain", "1002+1003 Conference 800". */
export function applicationsOfSnapshot(snapshot: PbxSnapshot): string[] {
  const out = new Set<string>();
  for (const call of snapshot.calls) {
    for (const relation of call.relations) {
      if (!relation.application) continue;
      const parties = relation.b === undefined ? [relation.a] : [relation.a, relation.b].sort();
      out.add(`${parties.join('+')} ${relation.application.kind === 'conference' ? relation.application.label : relation.application.app}`);
    }
  }
  return [...out].sort();
}

export function applicationsOfCheckpoint(checkpoint: Checkpoint): string[] {
  const out = new Set<string>();
  for (const call of checkpoint.calls) {
    const parties = [...call.parties].sort().join('+');
    if (call.app !== undefined) out.add(`${parties} ${call.app}`);
    if (call.conference !== undefined) out.add(`${parties} Conference ${call.conference}`);
  }
  return [...out].sort();
}

export function devicesOfSnapshot(snapshot: PbxSnapshot, devices: Record<string, string>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const device of Object.keys(devices)) {
    const number = device.replace(/^PJSIP\//, '');
    out[device] = snapshot.extensions.find((ext) => ext.number === number)?.deviceState ?? 'missing';
  }
  return out;
}

export function queuesOfSnapshot(snapshot: PbxSnapshot, expected: Record<string, ExpectedQueue>): Record<string, ExpectedQueue> {
  const out: Record<string, ExpectedQueue> = {};
  for (const name of Object.keys(expected)) {
    const queue = snapshot.queues.find((q) => q.name === name);
    if (!queue) continue;
    const members: ExpectedQueue['members'] = {};
    for (const member of queue.members) {
      const entry: ExpectedQueue['members'][string] = {
        paused: member.paused,
        status: QUEUE_STATUS_TEXT[member.status] ?? member.status,
        inCall: member.inCall,
      };
      if (member.pausedReason !== undefined) entry.pausedReason = member.pausedReason;
      members[member.interface] = entry;
    }
    out[name] = { waiting: queue.waiting, members, callers: queue.callers.map((c) => ({ channel: c.channel })) };
  }
  return out;
}

/** The expected queue fields the model is compared on (wait times and dynamic flags are not). */
export function comparableQueues(expected: Record<string, ExpectedQueue>): Record<string, ExpectedQueue> {
  const out: Record<string, ExpectedQueue> = {};
  for (const [name, queue] of Object.entries(expected)) {
    const members: ExpectedQueue['members'] = {};
    for (const [iface, member] of Object.entries(queue.members)) {
      const entry: ExpectedQueue['members'][string] = { paused: member.paused, status: member.status, inCall: member.inCall };
      if (member.pausedReason !== undefined) entry.pausedReason = member.pausedReason;
      members[iface] = entry;
    }
    out[name] = { waiting: queue.waiting, members, callers: queue.callers.map((c) => ({ channel: c.channel })) };
  }
  return out;
}
