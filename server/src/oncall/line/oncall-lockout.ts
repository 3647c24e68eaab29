import type { LockoutSubject, OnCallAuditLog } from '../oncall.ports';
import type { OnCallAuditRow } from '../oncall.types';

export interface LockoutRules {
  /** Failures within the window that lock a caller ID or a member. */
  maxFailures: number;
  /** PIN-only failures within the window, from any caller IDs, that stop PIN-only takeover in a division. */
  divisionMaxFailures: number;
  windowMs: number;
  lockMs: number;
}

export const DEFAULT_LOCKOUT_RULES: LockoutRules = { maxFailures: 5, divisionMaxFailures: 10, windowMs: 15 * 60_000, lockMs: 15 * 60_000 };

export function describeSubject(subject: LockoutSubject): string {
  if (subject.kind === 'caller') return `caller ${subject.callerId}`;
  return subject.kind === 'member' ? `member ${subject.memberId}` : `PIN-only takeover in division ${subject.divisionId}`;
}

/** A lock in force: the locked_out audit row that started it, and when it ends. */
export interface ActiveLockout {
  /** The id of the locked_out audit row; clearing names it. */
  id: number;
  subject: LockoutSubject;
  /** The member the failures were against (for a caller lock: the caller's member, if known). */
  memberId: number | null;
  divisionId: number | null;
  lockedAt: Date;
  until: Date;
}

/** Which subject a locked_out or lockout_cleared row is about; null for a malformed row. */
export function subjectOfLockRow(row: OnCallAuditRow): LockoutSubject | null {
  if (row.details?.lock === 'caller' && row.callerId !== null) return { kind: 'caller', callerId: row.callerId };
  if (row.details?.lock === 'member' && row.memberId !== null) return { kind: 'member', memberId: row.memberId };
  if (row.details?.lock === 'division' && row.divisionId !== null) return { kind: 'division', divisionId: row.divisionId };
  return null;
}

function subjectKey(subject: LockoutSubject): string {
  if (subject.kind === 'caller') return `caller:${subject.callerId}`;
  return subject.kind === 'member' ? `member:${subject.memberId}` : `division:${subject.divisionId}`;
}

/**
 * PIN brute-force guard, per calling number and per member. State lives in the audit trail
 * (failed_auth, locked_out and lockout_cleared rows), so a restart does not reset anyone's count.
 */
export class OnCallLockout {
  constructor(
    private readonly audit: OnCallAuditLog,
    private readonly rules: LockoutRules = DEFAULT_LOCKOUT_RULES,
  ) {}

  /** When the subject's lock ends, or null when it may try now. */
  async lockedUntil(subject: LockoutSubject, now: Date): Promise<Date | null> {
    const latest = await this.audit.latestLockEvent(subject);
    if (!latest || latest.cleared) return null;
    const until = new Date(latest.at.getTime() + this.rules.lockMs);
    return until > now ? until : null;
  }

  /** Divisions whose PIN-only takeover is refused at `now`, with when that ends. */
  async divisionLocks(now: Date): Promise<Map<number, Date>> {
    const locks = new Map<number, Date>();
    for (const lock of await this.active(now)) if (lock.subject.kind === 'division') locks.set(lock.subject.divisionId, lock.until);
    return locks;
  }

  /**
   * Call after appending a failed_auth row. Returns the subjects that have now reached the
   * limit (the caller then appends their locked_out rows). Failures from before a subject's
   * last lock (or an admin clearing it) do not count again.
   */
  async subjectsReachingLimit(subjects: readonly LockoutSubject[], now: Date): Promise<LockoutSubject[]> {
    const reached: LockoutSubject[] = [];
    for (const subject of subjects) {
      const windowStart = now.getTime() - this.rules.windowMs;
      const lastLock = (await this.audit.latestLockEvent(subject))?.at.getTime() ?? Number.NEGATIVE_INFINITY;
      const since = new Date(Math.max(windowStart, lastLock + 1));
      const failures = await this.audit.countEvents('failed_auth', subject, since);
      const limit = subject.kind === 'division' ? this.rules.divisionMaxFailures : this.rules.maxFailures;
      if (failures >= limit) reached.push(subject);
    }
    return reached;
  }

  /** Every lock in force at `now`, oldest first: each subject's newest lock event, if it is an uncleared, unexpired lock. */
  async active(now: Date): Promise<ActiveLockout[]> {
    const newest = new Map<string, OnCallAuditRow>();
    for (const row of await this.audit.lockEventsSince(new Date(now.getTime() - this.rules.lockMs))) {
      const subject = subjectOfLockRow(row);
      if (subject) newest.set(subjectKey(subject), row);
    }
    const active: ActiveLockout[] = [];
    for (const row of newest.values()) {
      const subject = subjectOfLockRow(row);
      const until = new Date(row.createdAt.getTime() + this.rules.lockMs);
      if (!subject || row.eventType !== 'locked_out' || until <= now) continue;
      active.push({ id: row.id, subject, memberId: row.memberId, divisionId: row.divisionId, lockedAt: row.createdAt, until });
    }
    return active;
  }
}
