import type { ResultSetHeader, RowDataPacket } from 'mysql2/promise';
import { withTransaction, type Pool } from '../db';

const ER_LOCK_DEADLOCK = 1213;

export type ThrottleKind = 'address' | 'account';

export interface ThrottleRule {
  /** Failures within `windowMs` that lock the subject. */
  maxFailures: number;
  windowMs: number;
  lockoutMs: number;
}

interface ThrottleRow extends RowDataPacket {
  failures: number;
  window_started_at: Date;
  locked_until: Date | null;
}

/**
 * Failed sign-in counters in MariaDB. Every change runs in one transaction on a locked row, so
 * two OnDeck processes (or two requests) counting the same subject never lose a failure.
 */
export class SignInThrottleRepository {
  constructor(private readonly pool: Pool) {}

  /** The end of the subject's lockout, or null when it may try. */
  async lockedUntil(kind: ThrottleKind, subject: string, now: Date): Promise<Date | null> {
    const [rows] = await this.pool.query<ThrottleRow[]>(
      'SELECT failures, window_started_at, locked_until FROM sign_in_throttle WHERE kind = ? AND subject = ? AND locked_until > ?',
      [kind, subject, now],
    );
    return rows[0]?.locked_until ?? null;
  }

  /**
   * Counts one failure. Returns the end of the lockout when this failure started one, else null.
   * The window starts at the first failure; a failure after it has passed starts a new one.
   */
  async recordFailure(kind: ThrottleKind, subject: string, now: Date, rule: ThrottleRule): Promise<Date | null> {
    // The row is created on its own (autocommit) first, so the transaction below only ever locks
    // an existing row: creating it inside would take gap locks that deadlock concurrent failures.
    await this.pool.query('INSERT IGNORE INTO sign_in_throttle (kind, subject, failures, window_started_at) VALUES (?, ?, 0, ?)', [kind, subject, now]);
    for (let attempt = 1; ; attempt++) {
      try {
        return await this.countFailure(kind, subject, now, rule);
      } catch (error) {
        // InnoDB may still pick this transaction as a deadlock victim; it rolled back, so retry.
        if ((error as { errno?: number }).errno !== ER_LOCK_DEADLOCK || attempt >= 5) throw error;
      }
    }
  }

  private async countFailure(kind: ThrottleKind, subject: string, now: Date, rule: ThrottleRule): Promise<Date | null> {
    return withTransaction(this.pool, async (db) => {
      const [rows] = await db.query<ThrottleRow[]>(
        'SELECT failures, window_started_at, locked_until FROM sign_in_throttle WHERE kind = ? AND subject = ? FOR UPDATE',
        [kind, subject],
      );
      const row = rows[0];
      if (!row) throw new Error('sign-in throttle row vanished inside its transaction');
      const windowOver = now.getTime() - row.window_started_at.getTime() >= rule.windowMs;
      const failures = windowOver ? 1 : row.failures + 1;
      const windowStartedAt = windowOver || row.failures === 0 ? now : row.window_started_at;
      const locks = failures >= rule.maxFailures;
      const lockedUntil = locks ? new Date(now.getTime() + rule.lockoutMs) : null;
      await db.query(
        'UPDATE sign_in_throttle SET failures = ?, window_started_at = ?, locked_until = COALESCE(?, locked_until) WHERE kind = ? AND subject = ?',
        // A lockout starts a fresh count for when it ends.
        [locks ? 0 : failures, windowStartedAt, lockedUntil, kind, subject],
      );
      return lockedUntil;
    });
  }

  async clear(kind: ThrottleKind, subject: string): Promise<void> {
    await this.pool.query('DELETE FROM sign_in_throttle WHERE kind = ? AND subject = ?', [kind, subject]);
  }

  /** Drops counters nobody has touched since `before` and that lock nothing, so scans cannot grow the table forever. */
  async deleteStale(before: Date, now: Date): Promise<number> {
    const [result] = await this.pool.query<ResultSetHeader>(
      'DELETE FROM sign_in_throttle WHERE window_started_at < ? AND (locked_until IS NULL OR locked_until <= ?)',
      [before, now],
    );
    return result.affectedRows;
  }
}
