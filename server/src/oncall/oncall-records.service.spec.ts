import { describe, expect, it } from 'vitest';
import type { AuditSearch } from './audit/oncall-audit.repository';
import type { NotificationFilter, OutboxNotification } from './delivery/oncall-notifications.repository';
import { AUDIT_EXPORT_LIMIT, OnCallRecordsService } from './oncall-records.service';
import type { OnCallAuditRow } from './oncall.types';

function service(rows: OnCallAuditRow[], outbox: OutboxNotification[] = []) {
  const searches: AuditSearch[] = [];
  const lists: NotificationFilter[] = [];
  const records = new OnCallRecordsService({
    audit: {
      search: async (filter) => {
        searches.push(filter);
        return { total: rows.length, items: rows };
      },
    },
    notifications: {
      list: async (filter) => {
        lists.push(filter);
        return { total: outbox.length, items: outbox };
      },
    },
  });
  return { records, searches, lists };
}

const row: OnCallAuditRow = {
  id: 7,
  createdAt: new Date('2026-03-01T08:00:00.000Z'),
  eventType: 'failed_auth',
  divisionId: 2,
  memberId: null,
  callerId: '=HYPERLINK("x")',
  channelOrIp: 'PJSIP/1001-0000002a',
  details: { reason: 'wrong, "pin"' },
};

describe('OnCallRecordsService', () => {
  it('exports the filtered audit log as CSV, newest rows up to the export limit, formulas made inert', async () => {
    const { records, searches } = service([row]);
    const csv = await records.auditCsv({ eventType: 'failed_auth', divisionId: 2 });
    expect(searches).toEqual([{ eventType: 'failed_auth', divisionId: 2, limit: AUDIT_EXPORT_LIMIT, offset: 0 }]);
    expect(csv.split('\r\n')).toEqual([
      'id,created_at,event_type,division_id,member_id,caller_id,channel_or_ip,details',
      `7,2026-03-01T08:00:00.000Z,failed_auth,2,,"'=HYPERLINK(""x"")",PJSIP/1001-0000002a,"{""reason"":""wrong, \\""pin\\""""}"`,
      '',
    ]);
  });

  it('lists webhook deliveries with their payload as JSON', async () => {
    const delivery: OutboxNotification = {
      id: 1,
      idempotencyKey: 'k-1',
      divisionId: 2,
      payload: '{"division":"Facilities","member":null}',
      status: 'failed',
      attempts: 5,
      nextAttemptAt: new Date(0),
      lastError: 'HTTP 500',
      lastStatus: 500,
      createdAt: new Date(0),
      deliveredAt: null,
    };
    const { records, lists } = service([], [delivery]);
    const page = await records.notifications({ status: 'failed', limit: 50, offset: 0 });
    expect(lists).toEqual([{ status: 'failed', limit: 50, offset: 0 }]);
    expect(page).toEqual({ total: 1, items: [{ ...delivery, payload: { division: 'Facilities', member: null } }] });
  });
});
