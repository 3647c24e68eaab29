/**
 * Reads extension display names from FreePBX's own database: `users(extension, name, …)`
 * in the database named by FREEPBX_DB_NAME (default `asterisk`). Read-only; OnDeck never
 * writes to FreePBX's tables.
 */
import type { RowDataPacket } from 'mysql2/promise';
import type { DbConfig } from '../../config';
import { createPool, type Pool, type Queryable } from '../../db';

/** Where extension names come from; the cache only needs this. */
export interface ExtensionNameSource {
  /** Extension number -> display name. */
  listNames(): Promise<Map<string, string>>;
}

/** FreePBX allows 50 characters; anything longer did not come from its GUI. */
export const MAX_NAME_LENGTH = 80;

export class FreePbxUsersRepository implements ExtensionNameSource {
  constructor(private readonly db: Queryable) {}

  async listNames(): Promise<Map<string, string>> {
    const [rows] = await this.db.query<RowDataPacket[]>('SELECT extension, name FROM users');
    const names = new Map<string, string>();
    for (const row of rows) {
      const extension = cleanExtension(row.extension);
      const name = cleanName(row.name);
      if (extension !== undefined && name !== undefined) names.set(extension, name);
    }
    return names;
  }
}

/** A pool on the FreePBX database with OnDeck's own credentials and settings. */
export function createFreePbxPool(db: DbConfig, freepbxDbName: string): Pool {
  return createPool({ ...db, name: freepbxDbName });
}

function cleanExtension(value: unknown): string | undefined {
  const text = typeof value === 'string' ? value.trim() : typeof value === 'number' ? String(value) : undefined;
  return text !== undefined && /^[0-9A-Za-z*#+_-]{1,40}$/.test(text) ? text : undefined;
}

/** Names are typed by admins but shown in every browser: no control characters, bounded length. */
function cleanName(value: unknown): string | undefined {
  const raw = typeof value === 'string' ? value : Buffer.isBuffer(value) ? value.toString('utf8') : undefined;
  if (raw === undefined) return undefined;
  // eslint-disable-next-line no-control-regex
  const text = raw.replace(/[\u0000-\u001f\u007f]+/g, ' ').trim().slice(0, MAX_NAME_LENGTH);
  return text === '' ? undefined : text;
}
