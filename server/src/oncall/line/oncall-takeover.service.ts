import { ONCALL_PIN_ONLY_MIN_DIGITS } from '@ondeck/shared';
import type { Logger } from 'pino';
import type { Clock } from '../../lib/clock';
import { describeSubject, type OnCallLockout } from './oncall-lockout';
import type { OnCallChanges } from './oncall-changes.service';
import type { LockoutSubject, OnCallAuditLog, OnCallStore } from '../oncall.ports';
import type { Division, OnCallAuditRecord, OnCallMember, OnCallPeriod } from '../oncall.types';
import { samePhone } from './phone-number';
import type { PinHasher } from './pin-hasher';

/** PIN-only identification needs PINs at least this long (shorter ones are too easy to guess across a division). */
export const MIN_PIN_ONLY_DIGITS = ONCALL_PIN_ONLY_MIN_DIGITS;

/** One phone call to the takeover line, as Asterisk described it. */
export interface TakeoverCall {
  divisionId: number;
  /** Untrusted; null when withheld or unknown. */
  callerId: string | null;
  channel: string;
  uniqueid: string;
}

/** What the service learned when the call came in; passed back on every step of that call. */
export interface TakeoverSession {
  call: TakeoverCall;
  division: Division;
  /** The caller ID, or `anonymous`: the key failures are counted under. */
  callerKey: string;
  /** The member whose phone matches the caller ID; null when PIN-only identification applies. */
  callerMember: OnCallMember | null;
  members: OnCallMember[];
  /** The period current when the call came in (see TakeOverRequest.expectedPeriodId). */
  expectedPeriodId: number | null;
  logger: Logger;
}

export type CallOpening =
  | { kind: 'ready'; session: TakeoverSession }
  | { kind: 'unknown_division' }
  | { kind: 'unknown_caller' }
  | { kind: 'locked'; until: Date };

export type PinOutcome =
  | { kind: 'accepted'; member: OnCallMember }
  | { kind: 'rejected'; lockedNow: boolean }
  | { kind: 'locked'; until: Date };

export type TakeoverOutcome = { kind: 'taken'; period: OnCallPeriod } | { kind: 'conflict' };

export interface OnCallTakeoverDeps {
  store: OnCallStore;
  audit: OnCallAuditLog;
  lockout: OnCallLockout;
  pins: PinHasher;
  /** The one change path: the transaction, then routing, overrides, webhooks and boards. */
  changes: OnCallChanges;
  /** A lockout started in this division: open boards reload. */
  boardChanged?: (divisionId: number) => void;
  clock: Clock;
  logger: Logger;
}

/**
 * Phone takeover of a division's on-call line: who is calling, is the PIN right, and the switch
 * itself. Knows nothing about AGI, so the panel or a softphone can reuse it.
 */
export class OnCallTakeoverService {
  constructor(private readonly deps: OnCallTakeoverDeps) {}

  async openCall(call: TakeoverCall): Promise<CallOpening> {
    const logger = this.deps.logger.child({ uniqueid: call.uniqueid, callerid: call.callerId, divisionId: call.divisionId });
    const division = await this.deps.store.findDivision(call.divisionId);
    if (!division) {
      logger.warn('on-call takeover for a division that does not exist');
      return { kind: 'unknown_division' };
    }
    const callerKey = call.callerId ?? 'anonymous';
    const now = this.now();
    const callerLock = await this.lockedUntil({ kind: 'caller', callerId: callerKey }, now);
    if (callerLock) {
      await this.recordRejectedWhileLocked(call, callerKey, null, 'caller', callerLock, now);
      logger.warn({ until: callerLock }, 'on-call takeover refused: caller locked out');
      return { kind: 'locked', until: callerLock };
    }
    const members = await this.deps.store.listDivisionMembers(division.id);
    const callerMember = call.callerId ? (members.find((member) => samePhone(member.phone, callerKey)) ?? null) : null;
    if (callerMember) {
      const memberLock = await this.lockedUntil({ kind: 'member', memberId: callerMember.id }, now);
      if (memberLock) {
        await this.recordRejectedWhileLocked(call, callerKey, callerMember.id, 'member', memberLock, now);
        logger.warn({ memberId: callerMember.id, until: memberLock }, 'on-call takeover refused: member locked out');
        return { kind: 'locked', until: memberLock };
      }
    } else if (!division.allowPinOnly || members.length === 0) {
      await this.append(call, callerKey, 'unknown_caller', null, { allowPinOnly: division.allowPinOnly }, now);
      logger.warn('on-call takeover refused: caller ID matches no member of the division');
      return { kind: 'unknown_caller' };
    } else {
      const divisionLock = await this.divisionLocked(call, callerKey, now);
      if (divisionLock) return { kind: 'locked', until: divisionLock };
    }
    const expectedPeriodId = (await this.deps.store.currentPeriod(division.id))?.id ?? null;
    // No memberId binding here: each line names the member it is about, so no line carries the key twice.
    return {
      kind: 'ready',
      session: { call, division, callerKey, callerMember, members, expectedPeriodId, logger },
    };
  }

  /**
   * Checks one PIN entry: against the caller's own member, or against every member when PIN-only
   * applies. PIN-only needs at least MIN_PIN_ONLY_DIGITS digits: a shorter PIN works only where
   * the caller ID names the member.
   */
  async checkPin(session: TakeoverSession, pin: string): Promise<PinOutcome> {
    const method = session.callerMember ? 'caller_id_and_pin' : 'pin_only';
    const now = this.now();
    if (!session.callerMember) {
      // Other callers may have used up the division's budget while this call was open.
      const divisionLock = await this.divisionLocked(session.call, session.callerKey, now);
      if (divisionLock) return { kind: 'locked', until: divisionLock };
    }
    const tooShort = !session.callerMember && pin.length < MIN_PIN_ONLY_DIGITS;
    const candidates = tooShort ? [] : session.callerMember ? [session.callerMember] : session.members;
    const matches: OnCallMember[] = [];
    for (const candidate of candidates) {
      if (await this.deps.pins.verify(pin, candidate.pinHash)) matches.push(candidate);
    }
    const member = matches.length === 1 ? matches[0] : undefined;
    if (member) {
      if (!session.callerMember) {
        const memberLock = await this.lockedUntil({ kind: 'member', memberId: member.id }, now);
        if (memberLock) {
          await this.recordRejectedWhileLocked(session.call, session.callerKey, member.id, 'member', memberLock, now);
          session.logger.warn({ memberId: member.id }, 'PIN matched a locked-out member; refused');
          return { kind: 'locked', until: memberLock };
        }
      }
      await this.append(session.call, session.callerKey, 'successful_auth', member.id, { method }, now);
      await this.deps.store.recordLogin(member.id, now, pin.length);
      session.logger.info({ memberId: member.id, method }, 'on-call member authenticated');
      return { kind: 'accepted', member };
    }
    // Two members sharing a PIN cannot say who is calling: a failure, like a wrong PIN.
    const reason = tooShort ? 'pin_too_short' : matches.length > 1 ? 'ambiguous_pin' : 'wrong_pin';
    const memberId = session.callerMember?.id ?? null;
    await this.append(session.call, session.callerKey, 'failed_auth', memberId, { method, reason }, now);
    session.logger.warn({ memberId, reason }, 'on-call PIN refused');
    const subjects: LockoutSubject[] = [{ kind: 'caller', callerId: session.callerKey }];
    if (session.callerMember) subjects.push({ kind: 'member', memberId: session.callerMember.id });
    else subjects.push({ kind: 'division', divisionId: session.division.id });
    const reached = await this.deps.lockout.subjectsReachingLimit(subjects, now);
    for (const subject of reached) {
      await this.append(session.call, session.callerKey, 'locked_out', memberId, { lock: subject.kind }, now);
      if (subject.kind === 'division') {
        // Admins are told: the locked_out row is on the board and in the audit, and this is an error line.
        session.logger.error({ subject: describeSubject(subject) }, 'too many wrong PINs in this division from any caller ID: PIN-only takeover refused for now');
      } else session.logger.warn({ subject: describeSubject(subject) }, 'on-call PIN attempts locked out');
    }
    if (reached.length > 0) this.deps.boardChanged?.(session.division.id);
    return { kind: 'rejected', lockedNow: reached.length > 0 };
  }

  /** Makes `member` the one on call; loses (conflict) when the division changed since the call came in. */
  async takeOver(session: TakeoverSession, member: OnCallMember): Promise<TakeoverOutcome> {
    const { call, division } = session;
    const now = this.now();
    const result = await this.deps.changes.change(
      {
        divisionId: division.id,
        to: { memberId: member.id, phone: member.phone },
        source: 'phone_pin',
        expectedPeriodId: session.expectedPeriodId,
        at: now,
        endedBy: `member:${member.id}`,
        audit: { callerId: session.callerKey, channelOrIp: call.channel, details: { uniqueid: call.uniqueid } },
      },
      { divisionName: division.name, memberName: member.name, logger: session.logger },
    );
    if (result.outcome === 'conflict') {
      const details = { expectedPeriodId: session.expectedPeriodId, currentPeriodId: result.current?.id ?? null };
      await this.append(call, session.callerKey, 'on_call_conflict', member.id, details, now);
      session.logger.warn({ memberId: member.id, ...details }, 'on-call takeover lost to a concurrent change');
      return { kind: 'conflict' };
    }
    if (!result.period) throw new Error('a takeover committed without opening a period');
    session.logger.info({ memberId: member.id, phone: member.phone }, 'on-call takeover done');
    return { kind: 'taken', period: result.period };
  }

  /** The caller hung up before the end; `stage` says where. */
  async recordHangup(call: TakeoverCall, memberId: number | null, stage: string): Promise<void> {
    await this.append(call, call.callerId ?? 'anonymous', 'call_abandoned', memberId, { stage }, this.now());
  }

  /** The division's PIN-only lock, recorded as a refusal when in force. */
  private async divisionLocked(call: TakeoverCall, callerKey: string, now: Date): Promise<Date | null> {
    const until = await this.lockedUntil({ kind: 'division', divisionId: call.divisionId }, now);
    if (!until) return null;
    await this.recordRejectedWhileLocked(call, callerKey, null, 'division', until, now);
    this.deps.logger.warn({ uniqueid: call.uniqueid, divisionId: call.divisionId, until }, 'on-call PIN-only takeover refused: division locked out');
    return until;
  }

  private lockedUntil(subject: LockoutSubject, now: Date): Promise<Date | null> {
    return this.deps.lockout.lockedUntil(subject, now);
  }

  private recordRejectedWhileLocked(
    call: TakeoverCall,
    callerKey: string,
    memberId: number | null,
    lock: LockoutSubject['kind'],
    until: Date,
    now: Date,
  ): Promise<void> {
    return this.append(call, callerKey, 'rejected_while_locked', memberId, { lock, until: until.toISOString() }, now);
  }

  private append(
    call: TakeoverCall,
    callerKey: string,
    eventType: OnCallAuditRecord['eventType'],
    memberId: number | null,
    details: Record<string, unknown>,
    at: Date,
  ): Promise<void> {
    const record: OnCallAuditRecord = {
      eventType,
      memberId,
      divisionId: call.divisionId,
      callerId: callerKey,
      channelOrIp: call.channel,
      details: { uniqueid: call.uniqueid, ...details },
    };
    return this.deps.audit.append(record, at);
  }

  private now(): Date {
    return new Date(this.deps.clock.now());
  }
}
