import type { ResultSetHeader, RowDataPacket } from 'mysql2/promise';
import type { QueueThresholds } from '@ondeck/shared';
import type { Queryable } from '../db';

interface ThresholdRow extends RowDataPacket {
  queue: string;
  max_wait_seconds: number;
  max_waiting: number;
  min_service_level: number;
  updated_by_name: string | null;
  updated_at: Date;
}

export interface StoredQueueThresholds {
  queue: string;
  thresholds: QueueThresholds;
  updatedAt: Date;
  updatedBy: string | null;
}

/** The queue_thresholds table: one row per queue an admin customised. */
export class QueueThresholdsRepository {
  constructor(private readonly db: Queryable) {}

  async readAll(): Promise<StoredQueueThresholds[]> {
    const [rows] = await this.db.query<ThresholdRow[]>(
      'SELECT queue, max_wait_seconds, max_waiting, min_service_level, updated_by_name, updated_at FROM queue_thresholds ORDER BY queue',
    );
    return rows.map((row) => ({
      queue: row.queue,
      thresholds: { maxWaitSeconds: row.max_wait_seconds, maxWaiting: row.max_waiting, minServiceLevel: row.min_service_level },
      updatedAt: row.updated_at,
      updatedBy: row.updated_by_name,
    }));
  }

  async upsert(queue: string, thresholds: QueueThresholds, actor: { id: number; username: string }): Promise<void> {
    await this.db.query(
      `INSERT INTO queue_thresholds (queue, max_wait_seconds, max_waiting, min_service_level, updated_by, updated_by_name)
       VALUES (?, ?, ?, ?, ?, ?)
       ON DUPLICATE KEY UPDATE max_wait_seconds = VALUES(max_wait_seconds), max_waiting = VALUES(max_waiting),
         min_service_level = VALUES(min_service_level), updated_by = VALUES(updated_by), updated_by_name = VALUES(updated_by_name)`,
      [queue, thresholds.maxWaitSeconds, thresholds.maxWaiting, thresholds.minServiceLevel, actor.id, actor.username],
    );
  }

  /** True when a row was there to delete. */
  async remove(queue: string): Promise<boolean> {
    const [result] = await this.db.query<ResultSetHeader>('DELETE FROM queue_thresholds WHERE queue = ?', [queue]);
    return result.affectedRows > 0;
  }
}
