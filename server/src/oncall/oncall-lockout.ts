import type { LockoutSubject, OnCallAuditLog } from './oncall.ports';

export interface LockoutRules {
  /** Failures within the window that lock the subject. */
  maxFailures: number;
  windowMs: number;
  lockMs: number;
}

export const DEFAULT_LOCKOUT_RULES: LockoutRules = { maxFailures: 5, windowMs: 15 * 60_000, lockMs: 15 * 60_000 };

export function describeSubject(subject: LockoutSubject): string {
  return subject.kind === 'caller' ? `caller ${subject.callerId}` : `member ${subject.memberId}`;
}

/**
 * PIN brute-force guard, per calling number and per member. State lives in the audit trail
 * (failed_auth and locked_out rows), so a restart does not reset anyone's count.
 */
export class OnCallLockout {
  constructor(
    private readonly audit: OnCallAuditLog,
    private readonly rules: LockoutRules = DEFAULT_LOCKOUT_RULES,
  ) {}

  /** When the subject's lock ends, or null when it may try now. */
  async lockedUntil(subject: LockoutSubject, now: Date): Promise<Date | null> {
    const lockedAt = await this.audit.latestLockout(subject);
    if (!lockedAt) return null;
    const until = new Date(lockedAt.getTime() + this.rules.lockMs);
    return until > now ? until : null;
  }

  /**
   * Call after appending a failed_auth row. Returns the subjects that have now reached the
   * limit (the caller then appends their locked_out rows). Failures from before a subject's
   * last lock do not count again once that lock has ended.
   */
  async subjectsReachingLimit(subjects: readonly LockoutSubject[], now: Date): Promise<LockoutSubject[]> {
    const reached: LockoutSubject[] = [];
    for (const subject of subjects) {
      const windowStart = now.getTime() - this.rules.windowMs;
      const lastLock = (await this.audit.latestLockout(subject))?.getTime() ?? Number.NEGATIVE_INFINITY;
      const since = new Date(Math.max(windowStart, lastLock + 1));
      const failures = await this.audit.countEvents('failed_auth', subject, since);
      if (failures >= this.rules.maxFailures) reached.push(subject);
    }
    return reached;
  }
}
