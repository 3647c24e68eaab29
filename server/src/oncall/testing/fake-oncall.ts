import {
  periodOpenedBy,
  type LockEvent,
  type LockoutSubject,
  type OnCallAuditLog,
  type OnCallChange,
  type OnCallNotifier,
  type OnCallRouting,
  type OnCallStore,
  type ChangeRequest,
  type ChangeResult,
} from '../oncall.ports';
import { OnCallChanges } from '../line/oncall-changes.service';
import type { Division, OnCallAuditEvent, OnCallAuditRecord, OnCallAuditRow, OnCallMember, OnCallPeriod } from '../oncall.types';

/** In-memory OnCallStore for unit tests; same conflict rule as the MariaDB one. */
export class FakeOnCallStore implements OnCallStore {
  readonly divisions = new Map<number, Division>();
  readonly members: { member: OnCallMember; divisionIds: number[] }[] = [];
  readonly periods: OnCallPeriod[] = [];
  readonly logins: number[] = [];

  async findDivision(divisionId: number): Promise<Division | null> {
    return this.divisions.get(divisionId) ?? null;
  }

  async listDivisionMembers(divisionId: number): Promise<OnCallMember[]> {
    return this.members
      .filter((entry) => entry.member.active && entry.divisionIds.includes(divisionId))
      .map((entry) => entry.member);
  }

  async currentPeriod(divisionId: number): Promise<OnCallPeriod | null> {
    return this.periods.find((period) => period.divisionId === divisionId && period.endedAt === null) ?? null;
  }

  async change(request: ChangeRequest): Promise<ChangeResult> {
    const previous = await this.currentPeriod(request.divisionId);
    if ((previous?.id ?? null) !== request.expectedPeriodId) return { outcome: 'conflict', current: previous };
    if (previous) Object.assign(previous, { endedAt: request.at, endedBy: request.endedBy });
    const period = periodOpenedBy(request, this.periods.length + 1);
    if (period) this.periods.push(period);
    return { outcome: 'changed', period, previous: previous ? { ...previous } : null };
  }

  async recordLogin(memberId: number): Promise<void> {
    this.logins.push(memberId);
  }
}

function matchesSubject(row: OnCallAuditRow, subject: LockoutSubject): boolean {
  if (subject.kind === 'caller') return row.callerId === subject.callerId;
  if (subject.kind === 'member') return row.memberId === subject.memberId;
  return row.divisionId === subject.divisionId && (row.eventType !== 'failed_auth' || row.details?.method === 'pin_only');
}

export class FakeAuditLog implements OnCallAuditLog {
  readonly rows: OnCallAuditRow[] = [];

  async append(record: OnCallAuditRecord, at: Date): Promise<void> {
    this.rows.push({ ...record, id: this.rows.length + 1, createdAt: at });
  }

  async countEvents(eventType: OnCallAuditEvent, subject: LockoutSubject, since: Date): Promise<number> {
    return this.rows.filter((row) => row.eventType === eventType && matchesSubject(row, subject) && row.createdAt >= since)
      .length;
  }

  async latestLockEvent(subject: LockoutSubject): Promise<LockEvent | null> {
    const events = this.rows.filter(
      (row) => (row.eventType === 'locked_out' || row.eventType === 'lockout_cleared') && row.details?.lock === subject.kind && matchesSubject(row, subject),
    );
    const latest = events.at(-1);
    return latest ? { at: latest.createdAt, cleared: latest.eventType === 'lockout_cleared' } : null;
  }

  async lockEventsSince(since: Date): Promise<OnCallAuditRow[]> {
    return this.rows.filter((row) => (row.eventType === 'locked_out' || row.eventType === 'lockout_cleared') && row.createdAt >= since);
  }

  async list(): Promise<OnCallAuditRow[]> {
    return [...this.rows];
  }

  events(): OnCallAuditEvent[] {
    return this.rows.map((row) => row.eventType);
  }
}

export class RecordingRouting implements OnCallRouting {
  readonly published: { divisionId: number; phone: string | null }[] = [];
  failWith: Error | null = null;

  async publish(divisionId: number, phone: string | null): Promise<void> {
    if (this.failWith) throw this.failWith;
    this.published.push({ divisionId, phone });
  }
}

export class RecordingNotifier implements OnCallNotifier {
  readonly changes: OnCallChange[] = [];

  async onCallChanged(change: OnCallChange): Promise<void> {
    this.changes.push(change);
  }
}

/** The module's change path over `store`, telling the recording routing and notifier (in that order). */
export function recordingChanges(store: Pick<OnCallStore, 'change'>, routing: OnCallRouting, notifier: OnCallNotifier): OnCallChanges {
  const changes = new OnCallChanges(store);
  changes.subscribe('routing', (change) => routing.publish(change.divisionId, change.phone));
  changes.subscribe('notifier', (change) => notifier.onCallChanged(change));
  return changes;
}
