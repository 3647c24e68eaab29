import type { RowDataPacket } from 'mysql2/promise';
import type { Queryable } from '../db';

interface SettingRow extends RowDataPacket {
  key: string;
  value: string;
}

/** Key/value rows; each value is JSON. */
export class SettingsRepository {
  constructor(private readonly db: Queryable) {}

  async readAll(): Promise<Map<string, unknown>> {
    // As text: mysql2 parses JSON columns itself, and a parsed JSON string is indistinguishable from raw text.
    const [rows] = await this.db.query<SettingRow[]>('SELECT `key`, CAST(value AS CHAR) AS value FROM settings');
    const values = new Map<string, unknown>();
    for (const row of rows) {
      try {
        values.set(row.key, JSON.parse(row.value));
      } catch {
        // A hand-edited row that is not JSON: treat as unset, the default applies.
      }
    }
    return values;
  }

  async write(entries: [string, unknown][], updatedBy: number | null): Promise<void> {
    for (const [key, value] of entries) {
      await this.db.query(
        'INSERT INTO settings (`key`, value, updated_by) VALUES (?, ?, ?) ON DUPLICATE KEY UPDATE value = VALUES(value), updated_by = VALUES(updated_by)',
        [key, JSON.stringify(value), updatedBy],
      );
    }
  }
}
