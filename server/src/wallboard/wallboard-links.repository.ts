import type { ResultSetHeader, RowDataPacket } from 'mysql2/promise';
import type { WallboardLink } from '@ondeck/shared';
import type { Queryable } from '../db';

interface LinkRow extends RowDataPacket {
  id: number;
  label: string;
  queues: string | null;
  created_by_name: string | null;
  created_at: Date;
  last_used_at: Date | null;
  revoked_at: Date | null;
}

const COLUMNS = 'id, label, CAST(queues AS CHAR) AS queues, created_by_name, created_at, last_used_at, revoked_at';

function parseQueues(text: string | null): string[] | null {
  if (text === null) return null;
  const parsed: unknown = JSON.parse(text);
  return Array.isArray(parsed) ? parsed.filter((q): q is string => typeof q === 'string') : [];
}

function toLink(row: LinkRow): WallboardLink {
  return {
    id: row.id,
    label: row.label,
    queues: parseQueues(row.queues),
    createdAt: row.created_at.toISOString(),
    createdBy: row.created_by_name,
    lastUsedAt: row.last_used_at?.toISOString() ?? null,
    revokedAt: row.revoked_at?.toISOString() ?? null,
  };
}

/** The wallboard_links table. Tokens are looked up by their SHA-256 only. */
export class WallboardLinksRepository {
  constructor(private readonly db: Queryable) {}

  async list(): Promise<WallboardLink[]> {
    const [rows] = await this.db.query<LinkRow[]>(`SELECT ${COLUMNS} FROM wallboard_links ORDER BY revoked_at IS NOT NULL, created_at DESC, id DESC`);
    return rows.map(toLink);
  }

  async findById(id: number): Promise<WallboardLink | null> {
    const [rows] = await this.db.query<LinkRow[]>(`SELECT ${COLUMNS} FROM wallboard_links WHERE id = ?`, [id]);
    return rows[0] ? toLink(rows[0]) : null;
  }

  async findByTokenHash(tokenHash: string): Promise<WallboardLink | null> {
    const [rows] = await this.db.query<LinkRow[]>(`SELECT ${COLUMNS} FROM wallboard_links WHERE token_hash = ?`, [tokenHash]);
    return rows[0] ? toLink(rows[0]) : null;
  }

  async insert(link: { label: string; queues: string[] | null; tokenHash: string; createdBy: { id: number; username: string } }): Promise<number> {
    const [result] = await this.db.query<ResultSetHeader>(
      'INSERT INTO wallboard_links (label, queues, token_hash, created_by, created_by_name) VALUES (?, ?, ?, ?, ?)',
      [link.label, link.queues === null ? null : JSON.stringify(link.queues), link.tokenHash, link.createdBy.id, link.createdBy.username],
    );
    return result.insertId;
  }

  /** True when the link existed and was not revoked yet. */
  async revoke(id: number, at: Date): Promise<boolean> {
    const [result] = await this.db.query<ResultSetHeader>('UPDATE wallboard_links SET revoked_at = ? WHERE id = ? AND revoked_at IS NULL', [at, id]);
    return result.affectedRows > 0;
  }

  async touch(id: number, at: Date): Promise<void> {
    await this.db.query('UPDATE wallboard_links SET last_used_at = ? WHERE id = ?', [at, id]);
  }
}
