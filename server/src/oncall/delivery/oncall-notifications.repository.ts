import type { Pool, ResultSetHeader, RowDataPacket } from 'mysql2/promise';
import { whereClause } from '../sql-filter';
import { withTransaction } from '../../db';

export type NotificationStatus = 'pending' | 'delivered' | 'failed';

export interface OutboxNotification {
  id: number;
  idempotencyKey: string;
  divisionId: number;
  /** The JSON body exactly as it is sent. */
  payload: string;
  status: NotificationStatus;
  attempts: number;
  nextAttemptAt: Date;
  lastError: string | null;
  lastStatus: number | null;
  createdAt: Date;
  deliveredAt: Date | null;
}

export interface NotificationFilter {
  status?: NotificationStatus | undefined;
  divisionId?: number | undefined;
  limit: number;
  offset: number;
}

interface NotificationDbRow extends RowDataPacket {
  id: number;
  idempotency_key: string;
  division_id: number;
  /** MariaDB's JSON is LONGTEXT: the exact bytes that are signed and sent. */
  payload: string;
  status: NotificationStatus;
  attempts: number;
  next_attempt_at: Date;
  last_error: string | null;
  last_status: number | null;
  created_at: Date;
  delivered_at: Date | null;
}

const NOTIFICATION_COLUMNS =
  'id, idempotency_key, division_id, payload, status, attempts, next_attempt_at, last_error, last_status, created_at, delivered_at';

function toNotification(row: NotificationDbRow): OutboxNotification {
  return {
    id: row.id,
    idempotencyKey: row.idempotency_key,
    divisionId: row.division_id,
    payload: typeof row.payload === 'string' ? row.payload : JSON.stringify(row.payload),
    status: row.status,
    attempts: row.attempts,
    nextAttemptAt: row.next_attempt_at,
    lastError: row.last_error,
    lastStatus: row.last_status,
    createdAt: row.created_at,
    deliveredAt: row.delivered_at,
  };
}

/** The durable webhook outbox (oncall_notifications). */
export class OnCallNotificationsRepository {
  constructor(private readonly pool: Pool) {}

  async insert(entry: { idempotencyKey: string; divisionId: number; payload: string; at: Date }): Promise<number> {
    const [result] = await this.pool.query<ResultSetHeader>(
      `INSERT INTO oncall_notifications (idempotency_key, division_id, payload, next_attempt_at, created_at)
       VALUES (?, ?, ?, ?, ?)`,
      [entry.idempotencyKey, entry.divisionId, entry.payload, entry.at, entry.at],
    );
    return result.insertId;
  }

  /**
   * Takes up to `limit` due rows for this worker until `claimUntil`. SKIP LOCKED and the claim
   * column keep two workers (an old process still draining, a new one starting) off the same row.
   */
  claimDue(now: Date, claimUntil: Date, limit: number): Promise<OutboxNotification[]> {
    return withTransaction(this.pool, async (connection) => {
      const [rows] = await connection.query<NotificationDbRow[]>(
        `SELECT ${NOTIFICATION_COLUMNS} FROM oncall_notifications
          WHERE status = 'pending' AND next_attempt_at <= ? AND (claimed_until IS NULL OR claimed_until <= ?)
          ORDER BY next_attempt_at, id LIMIT ? FOR UPDATE SKIP LOCKED`,
        [now, now, limit],
      );
      if (rows.length === 0) return [];
      await connection.query('UPDATE oncall_notifications SET claimed_until = ? WHERE id IN (?)', [claimUntil, rows.map((row) => Number(row.id))]);
      return rows.map(toNotification);
    });
  }

  async markDelivered(id: number, at: Date, httpStatus: number): Promise<void> {
    await this.pool.query(
      `UPDATE oncall_notifications SET status = 'delivered', attempts = attempts + 1, delivered_at = ?, last_status = ?,
         claimed_until = NULL WHERE id = ?`,
      [at, httpStatus, id],
    );
  }

  async markRetry(id: number, nextAttemptAt: Date, error: string, httpStatus: number | null): Promise<void> {
    await this.pool.query(
      `UPDATE oncall_notifications SET attempts = attempts + 1, next_attempt_at = ?, last_error = ?, last_status = ?,
         claimed_until = NULL WHERE id = ?`,
      [nextAttemptAt, error.slice(0, 500), httpStatus, id],
    );
  }

  async markFailed(id: number, error: string, httpStatus: number | null): Promise<void> {
    await this.pool.query(
      `UPDATE oncall_notifications SET status = 'failed', attempts = attempts + 1, last_error = ?, last_status = ?,
         claimed_until = NULL WHERE id = ?`,
      [error.slice(0, 500), httpStatus, id],
    );
  }

  async list(filter: NotificationFilter): Promise<{ total: number; items: OutboxNotification[] }> {
    const { clause, values } = whereClause([
      ['status = ?', filter.status],
      ['division_id = ?', filter.divisionId],
    ]);
    const [count] = await this.pool.query<RowDataPacket[]>(`SELECT COUNT(*) AS n FROM oncall_notifications ${clause}`, values);
    const [rows] = await this.pool.query<NotificationDbRow[]>(
      `SELECT ${NOTIFICATION_COLUMNS} FROM oncall_notifications ${clause} ORDER BY id DESC LIMIT ? OFFSET ?`,
      [...values, filter.limit, filter.offset],
    );
    return { total: Number(count[0]?.n ?? 0), items: rows.map(toNotification) };
  }
}
