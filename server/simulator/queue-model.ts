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
  /** queues.conf `servicelevel` in seconds; 0 (unset) in the lab, 20 in queue-stats-after-calls. */
  serviceLevel = 0;
  /** Answered / abandoned within the service level, for ServicelevelPerf and ServicelevelPerf2. */
  completedInServiceLevel = 0;
  abandonedInServiceLevel = 0;
  readonly strategy = 'ringall';
  readonly timeout = 15;

  constructor(readonly name: string) {}

  findMember(iface: string): QueueMember | undefined {
    const wanted = iface.toLowerCase();
    return this.members.find((m) => m.interface.toLowerCase() === wanted);
  }

  /**
   * A call was answered after `holdSeconds` and talked `talkSeconds` (AgentComplete).
   * app_queue keeps running averages, not means: new = (3 * old + this call) / 4 in whole
   * seconds, the first call's value as it is (queue-stats-after-calls: hold 2 then 7 for 22).
   */
  recordCompleted(holdSeconds: number, talkSeconds: number): void {
    const average = (old: number, sample: number): number => (old === 0 ? sample : Math.floor((3 * old + sample) / 4));
    this.completed += 1;
    this.holdtime = average(this.holdtime, holdSeconds);
    this.talktime = average(this.talktime, talkSeconds);
    if (this.serviceLevel > 0 && holdSeconds <= this.serviceLevel) this.completedInServiceLevel += 1;
  }

  recordAbandoned(holdSeconds: number): void {
    this.abandoned += 1;
    if (this.serviceLevel > 0 && holdSeconds <= this.serviceLevel) this.abandonedInServiceLevel += 1;
  }

  /** QueueParams' figures as app_queue reports them (percentages with one decimal). */
  paramsFields(): Fields {
    const percent = (part: number, whole: number): string => (whole > 0 ? ((100 * part) / whole).toFixed(1) : '0.0');
    return {
      Queue: this.name,
      Max: '0',
      Strategy: this.strategy,
      Calls: String(this.callers.length),
      Holdtime: String(this.holdtime),
      TalkTime: String(this.talktime),
      Completed: String(this.completed),
      Abandoned: String(this.abandoned),
      ServiceLevel: String(this.serviceLevel),
      ServicelevelPerf: percent(this.completedInServiceLevel, this.completed),
      ServicelevelPerf2: percent(this.completedInServiceLevel + this.abandonedInServiceLevel, this.completed + this.abandoned),
      Weight: '0',
    };
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
