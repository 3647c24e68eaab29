import type { SimChannel } from './channel';
import type { DeviceState, Fields } from './types';
import { DEVICE_STATES } from './types';

export interface QueueMember {
  name: string;
  interface: string;
  stateInterface: string;
  membership: 'static' | 'dynamic';
  penalty: number;
  callsTaken: number;
  lastCall: number;
  lastPause: number;
  loginTime: number;
  inCall: boolean;
  paused: boolean;
  pausedReason: string;
  wrapuptime: number;
  ringinuse: boolean;
  status: DeviceState;
}

export interface QueueCaller {
  channel: SimChannel;
  joinedAt: number;
  priority: number;
}

/** A ringall queue as app_queue reports it. */
export class SimQueue {
  readonly members: QueueMember[] = [];
  readonly callers: QueueCaller[] = [];
  completed = 0;
  abandoned = 0;
  holdtime = 0;
  talktime = 0;
  readonly strategy = 'ringall';
  readonly timeout = 15;

  constructor(readonly name: string) {}

  findMember(iface: string): QueueMember | undefined {
    const wanted = iface.toLowerCase();
    return this.members.find((m) => m.interface.toLowerCase() === wanted);
  }

  /** Members a new caller would ring: not paused and idle (ringinuse=no). */
  availableMembers(): QueueMember[] {
    return this.members.filter((m) => !m.paused && m.status === 'NOT_INUSE');
  }

  /** `Queue:<name>_avail` pseudo-device: NOT_INUSE while anybody could take a call. */
  availState(): DeviceState {
    return this.availableMembers().length > 0 ? 'NOT_INUSE' : 'INUSE';
  }
}

export function memberStatusNumber(state: DeviceState): string {
  return String(DEVICE_STATES.indexOf(state));
}

/** Fields shared by QueueMemberStatus / Added / Removed / Pause and the QueueMember list item. */
export function memberFields(queue: SimQueue, member: QueueMember): Fields {
  return {
    Queue: queue.name,
    MemberName: member.name,
    Interface: member.interface,
    StateInterface: member.stateInterface,
    Membership: member.membership,
    Penalty: String(member.penalty),
    CallsTaken: String(member.callsTaken),
    LastCall: String(member.lastCall),
    LastPause: String(member.lastPause),
    LoginTime: String(member.loginTime),
    InCall: member.inCall ? '1' : '0',
    Status: memberStatusNumber(member.status),
    Paused: member.paused ? '1' : '0',
    PausedReason: member.pausedReason,
    Ringinuse: member.ringinuse ? '1' : '0',
    Wrapuptime: String(member.wrapuptime),
  };
}
