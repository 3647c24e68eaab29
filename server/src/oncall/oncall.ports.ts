import type {
  Division,
  OnCallAuditEvent,
  OnCallAuditRecord,
  OnCallAuditRow,
  OnCallMember,
  OnCallPeriod,
  OnCallSource,
} from './oncall.types';

/**
 * One change of who is on call in a division: someone takes the line (`to`), or nobody does
 * (`to: null`, calls go to the fallback). Takeovers by phone and panel, schedule handovers,
 * releases and going off call are all this one request, checked the same way.
 */
export interface ChangeRequest {
  divisionId: number;
  to: { memberId: number; phone: string } | null;
  source: OnCallSource;
  /**
   * The period the requester saw as current when they decided (null: nobody was on call).
   * If anything changed it meanwhile, this request loses instead of silently overwriting.
   */
  expectedPeriodId: number | null;
  at: Date;
  /** Written to the ended period's ended_by, e.g. `member:4`. */
  endedBy: string;
  /** Context for the on_call_update audit row written in the same transaction. */
  audit: Pick<OnCallAuditRecord, 'callerId' | 'channelOrIp'> & { details?: Record<string, unknown> };
}

/** The period a change opens (null when the line went to nobody). */
export function periodOpenedBy(request: ChangeRequest, id: number): OnCallPeriod | null {
  if (!request.to) return null;
  return {
    id,
    divisionId: request.divisionId,
    memberId: request.to.memberId,
    phone: request.to.phone,
    startedAt: request.at,
    endedAt: null,
    source: request.source,
    endedBy: null,
  };
}

export type ChangeResult =
  | { outcome: 'changed'; period: OnCallPeriod | null; previous: OnCallPeriod | null }
  | { outcome: 'conflict'; current: OnCallPeriod | null };

/** Divisions, members and periods (MariaDB in production, fakes in unit tests). */
export interface OnCallStore {
  findDivision(divisionId: number): Promise<Division | null>;
  /** Active members of the division. */
  listDivisionMembers(divisionId: number): Promise<OnCallMember[]>;
  currentPeriod(divisionId: number): Promise<OnCallPeriod | null>;
  /**
   * Ends the current period and opens the new one (if any) atomically, only when the current
   * period is still `expectedPeriodId`: exactly one of two racing changes wins.
   */
  change(request: ChangeRequest): Promise<ChangeResult>;
  /** A successful PIN entry: when, and how many digits the PIN has (PIN-only needs 6). */
  recordLogin(memberId: number, at: Date, pinLength: number): Promise<void>;
}

/**
 * Who a lockout applies to: a calling number, a member being guessed at, or a whole division's
 * PIN-only takeover (the budget that holds however many caller IDs the guesser uses).
 */
export type LockoutSubject = { kind: 'caller'; callerId: string } | { kind: 'member'; memberId: number } | { kind: 'division'; divisionId: number };

export interface LockEvent {
  at: Date;
  cleared: boolean;
}

/** The append-only audit trail; failed attempts are counted from it so lockouts survive restarts. */
export interface OnCallAuditLog {
  append(record: OnCallAuditRecord, at: Date): Promise<void>;
  countEvents(eventType: OnCallAuditEvent, subject: LockoutSubject, since: Date): Promise<number>;
  /**
   * The subject's newest lock event: a lock (`locked_out`) or an admin ending one early
   * (`lockout_cleared`). Null when it was never locked.
   */
  latestLockEvent(subject: LockoutSubject): Promise<LockEvent | null>;
  /** Every locked_out and lockout_cleared row since `since`, oldest first. */
  lockEventsSince(since: Date): Promise<OnCallAuditRow[]>;
  list(filter: { divisionId?: number; memberId?: number; limit?: number }): Promise<OnCallAuditRow[]>;
}

/**
 * Tells the PBX where the division's on-call line now rings (null: nobody, use the fallback).
 * The AMI engineer's writer implements it with DBPut ONCALL/<division>.
 */
export interface OnCallRouting {
  publish(divisionId: number, phone: string | null): Promise<void>;
}

/** A committed change of who is on call; member and phone are null when the line was released (nobody). */
export interface OnCallChange {
  divisionId: number;
  divisionName: string;
  memberId: number | null;
  memberName: string | null;
  phone: string | null;
  source: OnCallSource;
  at: Date;
  previous: { memberId: number | null; phone: string } | null;
}

/** Told after every committed change (the webhook outbox implements it). */
export interface OnCallNotifier {
  onCallChanged(change: OnCallChange): Promise<void>;
}
