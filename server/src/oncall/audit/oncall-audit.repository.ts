import type { Pool, RowDataPacket } from 'mysql2/promise';
import { z } from 'zod';
import { ONCALL_AUDIT_EVENTS } from '@ondeck/shared';
import type { Queryable } from '../../db';
import type { LockEvent, LockoutSubject, OnCallAuditLog } from '../oncall.ports';
import { whereClause } from '../sql-filter';
import type { OnCallAuditEvent, OnCallAuditRecord, OnCallAuditRow } from '../oncall.types';

/** Writes one audit row; shared with the takeover transaction so the change and its row commit together. */
export async function insertAuditRow(db: Queryable, record: OnCallAuditRecord, at: Date): Promise<void> {
  await db.query(
    `INSERT INTO oncall_audit (event_type, member_id, division_id, caller_id, channel_or_ip, details, created_at)
     VALUES (?, ?, ?, ?, ?, ?, ?)`,
    [
      record.eventType,
      record.memberId,
      record.divisionId,
      record.callerId?.slice(0, 80) ?? null,
      record.channelOrIp?.slice(0, 255) ?? null,
      record.details ? JSON.stringify(record.details) : null,
      at,
    ],
  );
}

/** The subject's column, and for lock rows the details.lock value that says which subject was locked. */
function subjectCondition(subject: LockoutSubject): { sql: string; value: string | number } {
  if (subject.kind === 'caller') return { sql: 'caller_id = ?', value: subject.callerId };
  if (subject.kind === 'member') return { sql: 'member_id = ?', value: subject.memberId };
  return { sql: 'division_id = ?', value: subject.divisionId };
}

/** A division's budget counts PIN-only failures (any caller ID); the others count every failure. */
function failureFilter(subject: LockoutSubject): string {
  return subject.kind === 'division' ? ` AND JSON_VALUE(details, '$.method') = 'pin_only'` : '';
}

/** An oncall_audit row as MariaDB returns it (mysql2 hands DATETIME back as Date, JSON as text). */
interface AuditDbRow extends RowDataPacket {
  id: number;
  event_type: string;
  member_id: number | null;
  division_id: number | null;
  caller_id: string | null;
  channel_or_ip: string | null;
  details: string | Record<string, unknown> | null;
  created_at: Date;
}

const AUDIT_COLUMNS = 'id, event_type, member_id, division_id, caller_id, channel_or_ip, details, created_at';

/** details is a JSON object or NULL; anything else (hand-edited rows) reads as no details rather than crashing a page. */
const detailsSchema = z.record(z.string(), z.unknown()).nullable().catch(null);
const eventTypeSchema = z.enum(ONCALL_AUDIT_EVENTS as [OnCallAuditEvent, ...OnCallAuditEvent[]]);

function parseDetails(value: AuditDbRow['details']): Record<string, unknown> | null {
  if (typeof value !== 'string') return detailsSchema.parse(value);
  try {
    return detailsSchema.parse(JSON.parse(value));
  } catch {
    return null;
  }
}

function toRow(row: AuditDbRow): OnCallAuditRow {
  return {
    id: row.id,
    eventType: eventTypeSchema.parse(row.event_type),
    memberId: row.member_id,
    divisionId: row.division_id,
    callerId: row.caller_id,
    channelOrIp: row.channel_or_ip,
    details: parseDetails(row.details),
    createdAt: row.created_at,
  };
}

/** The on-call audit trail. Append-only: there is deliberately no update or delete here. */
export class OnCallAuditRepository implements OnCallAuditLog {
  constructor(private readonly pool: Pool) {}

  append(record: OnCallAuditRecord, at: Date): Promise<void> {
    return insertAuditRow(this.pool, record, at);
  }

  async countEvents(eventType: OnCallAuditEvent, subject: LockoutSubject, since: Date): Promise<number> {
    const condition = subjectCondition(subject);
    const [rows] = await this.pool.query<RowDataPacket[]>(
      `SELECT COUNT(*) AS n FROM oncall_audit WHERE event_type = ? AND ${condition.sql}${failureFilter(subject)} AND created_at >= ?`,
      [eventType, condition.value, since],
    );
    return Number(rows[0]?.n ?? 0);
  }

  async latestLockEvent(subject: LockoutSubject): Promise<LockEvent | null> {
    const condition = subjectCondition(subject);
    const [rows] = await this.pool.query<RowDataPacket[]>(
      `SELECT event_type, created_at FROM oncall_audit
        WHERE event_type IN ('locked_out', 'lockout_cleared') AND ${condition.sql} AND JSON_VALUE(details, '$.lock') = ?
        ORDER BY created_at DESC, id DESC LIMIT 1`,
      [condition.value, subject.kind],
    );
    const row = rows[0];
    return row ? { at: row.created_at as Date, cleared: row.event_type === 'lockout_cleared' } : null;
  }

  async lockEventsSince(since: Date): Promise<OnCallAuditRow[]> {
    const [rows] = await this.pool.query<AuditDbRow[]>(
      `SELECT ${AUDIT_COLUMNS} FROM oncall_audit WHERE event_type IN ('locked_out', 'lockout_cleared') AND created_at >= ? ORDER BY created_at, id`,
      [since],
    );
    return rows.map(toRow);
  }

  async list(filter: { divisionId?: number; memberId?: number; limit?: number }): Promise<OnCallAuditRow[]> {
    const where: string[] = [];
    const values: (number | string)[] = [];
    if (filter.divisionId !== undefined) {
      where.push('division_id = ?');
      values.push(filter.divisionId);
    }
    if (filter.memberId !== undefined) {
      where.push('member_id = ?');
      values.push(filter.memberId);
    }
    const limit = Math.min(Math.max(Math.trunc(filter.limit ?? 200), 1), 1000);
    const [rows] = await this.pool.query<AuditDbRow[]>(
      `SELECT ${AUDIT_COLUMNS} FROM oncall_audit ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY id LIMIT ${limit}`,
      values,
    );
    return rows.map(toRow);
  }

  /** The audit page: filters, newest first, with the total for pagination. */
  async search(filter: AuditSearch): Promise<{ total: number; items: OnCallAuditRow[] }> {
    const { clause, values } = whereClause([
      ['event_type = ?', filter.eventType],
      ['member_id = ?', filter.memberId],
      ['division_id = ?', filter.divisionId],
      ['created_at >= ?', filter.from],
      ['created_at < ?', filter.to],
    ]);
    const [count] = await this.pool.query<RowDataPacket[]>(`SELECT COUNT(*) AS n FROM oncall_audit ${clause}`, values);
    const [rows] = await this.pool.query<AuditDbRow[]>(
      `SELECT ${AUDIT_COLUMNS} FROM oncall_audit ${clause} ORDER BY id DESC LIMIT ? OFFSET ?`,
      [...values, filter.limit, filter.offset],
    );
    return { total: Number(count[0]?.n ?? 0), items: rows.map(toRow) };
  }
}

export interface AuditSearch {
  eventType?: string | undefined;
  memberId?: number | undefined;
  divisionId?: number | undefined;
  from?: Date | undefined;
  to?: Date | undefined;
  limit: number;
  offset: number;
}
