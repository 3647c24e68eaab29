/**
 * Queues: parameters, members and waiting callers, from QueueStatus lists (QueueParams,
 * QueueMember, QueueEntry) and the live Queue* / QueueMember* / Agent* events.
 */
import type { QueueCallerView, QueueMemberStatus, QueueMemberView, QueueView } from '@ondeck/shared';
import type { AmiMessage } from '../ami/codec';
import type { Clock } from '../../lib/clock';
import type { DirtySet } from './dirty';
import { bool, channelId, extensionFromInterface, float, int, text } from './fields';

/** app_queue member status codes (AST_DEVICE_*). */
const MEMBER_STATUS: readonly QueueMemberStatus[] = [
  'unknown', 'not_in_use', 'in_use', 'busy', 'invalid', 'unavailable', 'ringing', 'ring_in_use', 'on_hold',
];

const MAX_QUEUES = 2_000;
const MAX_MEMBERS = 2_000;
const MAX_CALLERS = 5_000;

interface QueueRecord {
  name: string;
  strategy?: string;
  completed: number;
  abandoned: number;
  serviceLevel: number;
  serviceLevelPerf: number;
  holdTime: number;
  talkTime: number;
  members: Map<string, QueueMemberView>;
  callers: Map<string, QueueCallerView>;
}

export class QueueStore {
  private readonly records = new Map<string, QueueRecord>();

  constructor(
    private readonly dirty: DirtySet,
    private readonly clock: Clock,
  ) {}

  names(): IterableIterator<string> {
    return this.records.keys();
  }

  /** Queue a channel is waiting in, if any. */
  queueOfCaller(uniqueid: string): string | undefined {
    for (const record of this.records.values()) if (record.callers.has(uniqueid)) return record.name;
    return undefined;
  }

  private record(msg: AmiMessage): QueueRecord | undefined {
    const name = text(msg, 'Queue');
    if (name === undefined) return undefined;
    let record = this.records.get(name);
    if (!record) {
      if (this.records.size >= MAX_QUEUES) return undefined;
      record = {
        name, completed: 0, abandoned: 0, serviceLevel: 0, serviceLevelPerf: 0, holdTime: 0, talkTime: 0,
        members: new Map(), callers: new Map(),
      };
      this.records.set(name, record);
    }
    this.dirty.queues.add(name);
    return record;
  }

  params(msg: AmiMessage): void {
    const record = this.record(msg);
    if (!record) return;
    record.strategy = text(msg, 'Strategy') ?? record.strategy;
    record.completed = int(msg, 'Completed') ?? record.completed;
    record.abandoned = int(msg, 'Abandoned') ?? record.abandoned;
    record.serviceLevel = int(msg, 'ServiceLevel') ?? record.serviceLevel;
    record.serviceLevelPerf = float(msg, 'ServicelevelPerf') ?? record.serviceLevelPerf;
    record.holdTime = int(msg, 'Holdtime') ?? record.holdTime;
    record.talkTime = int(msg, 'TalkTime') ?? record.talkTime;
  }

  /**
   * QueueMember (list: Name/Location) and QueueMemberStatus/Added/Pause (MemberName/Interface).
   * Live events always say InCall 0, even mid-call (see the queue captures), so only the list
   * and AgentConnect/AgentComplete decide whether a member is in a call.
   */
  member(msg: AmiMessage, fromList = false): void {
    const record = this.record(msg);
    const iface = text(msg, 'Interface') ?? text(msg, 'Location');
    if (!record || iface === undefined) return;
    const existing = record.members.get(iface);
    if (!existing && record.members.size >= MAX_MEMBERS) return;
    const stateInterface = text(msg, 'StateInterface') ?? existing?.stateInterface ?? iface;
    const status = int(msg, 'Status');
    const membership = text(msg, 'Membership');
    const lastCall = int(msg, 'LastCall');
    const member: QueueMemberView = {
      interface: iface,
      name: text(msg, 'MemberName') ?? text(msg, 'Name') ?? existing?.name ?? iface,
      stateInterface,
      status: (status === undefined ? undefined : MEMBER_STATUS[status]) ?? existing?.status ?? 'unknown',
      paused: bool(msg, 'Paused') ?? existing?.paused ?? false,
      callsTaken: int(msg, 'CallsTaken') ?? existing?.callsTaken ?? 0,
      inCall: (fromList ? bool(msg, 'InCall') : undefined) ?? existing?.inCall ?? false,
      membership: membership === 'dynamic' || membership === 'realtime' || membership === 'static'
        ? membership : existing?.membership ?? 'static',
      penalty: int(msg, 'Penalty') ?? existing?.penalty ?? 0,
    };
    const extension = extensionFromInterface(stateInterface) ?? extensionFromInterface(iface);
    if (extension !== undefined) member.extension = extension;
    const reason = msg.has('PausedReason') ? text(msg, 'PausedReason') : existing?.pausedReason;
    if (member.paused && reason !== undefined) member.pausedReason = reason;
    if (lastCall !== undefined && lastCall > 0) member.lastCall = lastCall * 1000;
    else if (lastCall === undefined && existing?.lastCall !== undefined) member.lastCall = existing.lastCall;
    record.members.set(iface, member);
  }

  memberRemoved(msg: AmiMessage): void {
    const record = this.record(msg);
    const iface = text(msg, 'Interface') ?? text(msg, 'Location');
    if (record && iface !== undefined) record.members.delete(iface);
  }

  /**
   * QueueEntry (list, with Wait seconds) and QueueCallerJoin (live, joined now). A live join
   * with a higher priority (QUEUE_PRIO) takes a position others hold, and Asterisk sends no
   * event for the callers it moves back: everyone at or behind that position moves back one.
   * A list's positions are a consistent picture already and are taken as they are.
   */
  callerJoin(msg: AmiMessage, live: boolean): void {
    const record = this.record(msg);
    const uniqueid = channelId(msg, 'Uniqueid');
    const channel = text(msg, 'Channel');
    if (!record || uniqueid === undefined || channel === undefined) return;
    if (!record.callers.has(uniqueid) && record.callers.size >= MAX_CALLERS) return;
    const wait = int(msg, 'Wait');
    const position = int(msg, 'Position');
    if (live && position !== undefined && !record.callers.has(uniqueid)) {
      for (const other of record.callers.values()) if (other.position >= position) other.position += 1;
    }
    const caller: QueueCallerView = {
      position: position ?? record.callers.size + 1,
      channel,
      uniqueid,
      joinedAt: record.callers.get(uniqueid)?.joinedAt ?? this.clock.now() - (wait !== undefined && wait > 0 ? wait * 1000 : 0),
    };
    const num = text(msg, 'CallerIDNum');
    const name = text(msg, 'CallerIDName');
    if (num !== undefined) caller.callerNum = num;
    if (name !== undefined) caller.callerName = name;
    record.callers.set(uniqueid, caller);
  }

  /** QueueCallerLeave and QueueCallerAbandon: the positions behind the caller move up. */
  callerLeave(msg: AmiMessage, abandoned: boolean): void {
    const record = this.record(msg);
    const uniqueid = channelId(msg, 'Uniqueid');
    if (!record || uniqueid === undefined) return;
    if (abandoned) record.abandoned += 1;
    const caller = record.callers.get(uniqueid);
    if (!caller) return;
    record.callers.delete(uniqueid);
    for (const other of record.callers.values()) if (other.position > caller.position) other.position -= 1;
  }

  /**
   * AgentConnect (inCall true) and AgentComplete (false, and one more completed call, also for
   * the member: app_queue counts it then, but the member's own CallsTaken only arrives with its
   * next QueueMemberStatus, or the QueueStatus the service reads after the call).
   */
  agentInCall(msg: AmiMessage, inCall: boolean): void {
    const record = this.record(msg);
    if (!record) return;
    if (!inCall) record.completed += 1;
    const iface = text(msg, 'Interface');
    const member = iface === undefined ? undefined : record.members.get(iface);
    if (!member) return;
    member.inCall = inCall;
    if (!inCall) {
      member.callsTaken += 1;
      member.lastCall = this.clock.now();
    }
  }

  /** A caller's channel hung up without a QueueCallerLeave (missed event): do not keep a ghost. */
  forgetCaller(uniqueid: string): void {
    for (const record of this.records.values()) {
      if (record.callers.delete(uniqueid)) this.dirty.queues.add(record.name);
    }
  }

  /** After a resync: QueueEntry only says Wait in whole seconds, the live join time is better. */
  adoptJoinTimes(from: QueueStore): void {
    for (const [name, record] of this.records) {
      const before = from.records.get(name);
      if (!before) continue;
      for (const [uniqueid, caller] of record.callers) {
        const joinedAt = before.callers.get(uniqueid)?.joinedAt;
        if (joinedAt !== undefined) caller.joinedAt = joinedAt;
      }
    }
  }

  view(name: string): QueueView | undefined {
    const record = this.records.get(name);
    if (!record) return undefined;
    const callers = [...record.callers.values()].sort((a, b) => a.position - b.position).map((c) => ({ ...c }));
    const view: QueueView = {
      name,
      waiting: callers.length,
      completed: record.completed,
      abandoned: record.abandoned,
      serviceLevel: record.serviceLevel,
      serviceLevelPerf: record.serviceLevelPerf,
      holdTime: record.holdTime,
      talkTime: record.talkTime,
      members: [...record.members.values()].map((member) => ({ ...member })),
      callers,
    };
    if (record.strategy !== undefined) view.strategy = record.strategy;
    return view;
  }
}
