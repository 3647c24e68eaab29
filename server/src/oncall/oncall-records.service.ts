import type { OnCallNotification, Page } from '@ondeck/shared';
import { toCsv } from '../lib/csv';
import type { AuditSearch } from './audit/oncall-audit.repository';
import type { NotificationFilter, OutboxNotification } from './delivery/oncall-notifications.repository';
import type { OnCallAuditRow } from './oncall.types';

/** The reads the records service needs; the repositories provide them. */
export interface OnCallRecordsDeps {
  audit: { search(filter: AuditSearch): Promise<Page<OnCallAuditRow>> };
  notifications: { list(filter: NotificationFilter): Promise<Page<OutboxNotification>> };
}

export type AuditFilter = Omit<AuditSearch, 'limit' | 'offset'>;

/** The most rows one CSV export carries; the page's filters narrow a bigger log. */
export const AUDIT_EXPORT_LIMIT = 10_000;

const AUDIT_CSV_HEADER = ['id', 'created_at', 'event_type', 'division_id', 'member_id', 'caller_id', 'channel_or_ip', 'details'] as const;

/** The on-call records admins read: the audit log (a page, or all of it as CSV) and the webhook outbox. */
export class OnCallRecordsService {
  constructor(private readonly deps: OnCallRecordsDeps) {}

  audit(filter: AuditSearch): Promise<Page<OnCallAuditRow>> {
    return this.deps.audit.search(filter);
  }

  /** The newest AUDIT_EXPORT_LIMIT rows matching the filter, as RFC 4180 CSV made inert for spreadsheets. */
  async auditCsv(filter: AuditFilter): Promise<string> {
    const { items } = await this.deps.audit.search({ ...filter, limit: AUDIT_EXPORT_LIMIT, offset: 0 });
    const rows = items.map((row) => [
      row.id,
      row.createdAt.toISOString(),
      row.eventType,
      row.divisionId,
      row.memberId,
      row.callerId,
      row.channelOrIp,
      row.details ? JSON.stringify(row.details) : null,
    ]);
    return toCsv(AUDIT_CSV_HEADER, rows);
  }

  /** Deliveries with their payload as JSON (it is stored as the exact text that was sent). */
  async notifications(filter: NotificationFilter): Promise<Page<Omit<OutboxNotification, 'payload'> & Pick<OnCallNotification, 'payload'>>> {
    const page = await this.deps.notifications.list(filter);
    return { total: page.total, items: page.items.map(({ payload, ...rest }) => ({ ...rest, payload: JSON.parse(payload) as unknown })) };
  }
}
