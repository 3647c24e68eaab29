import type { ResultSetHeader, RowDataPacket } from 'mysql2/promise';
import type { Queryable } from '../db';

export interface StoredRefreshToken {
  id: number;
  userId: number;
  familyId: string;
  expiresAt: Date;
  rotatedAt: Date | null;
  revokedAt: Date | null;
}

interface RefreshTokenRow extends RowDataPacket {
  id: number;
  user_id: number;
  family_id: string;
  expires_at: Date;
  rotated_at: Date | null;
  revoked_at: Date | null;
}

export interface NewRefreshToken {
  userId: number;
  familyId: string;
  tokenHash: string;
  expiresAt: Date;
  createdAt: Date;
  ip: string | null;
  userAgent: string | null;
}

export class RefreshTokenRepository {
  constructor(private readonly db: Queryable) {}

  async insert(token: NewRefreshToken): Promise<void> {
    await this.db.query(
      `INSERT INTO refresh_tokens (user_id, family_id, token_hash, expires_at, created_at, ip, user_agent)
       VALUES (?, ?, ?, ?, ?, ?, ?)`,
      [token.userId, token.familyId, token.tokenHash, token.expiresAt, token.createdAt, token.ip, token.userAgent?.slice(0, 255) ?? null],
    );
  }

  async findByHash(tokenHash: string): Promise<StoredRefreshToken | null> {
    const [rows] = await this.db.query<RefreshTokenRow[]>('SELECT id, user_id, family_id, expires_at, rotated_at, revoked_at FROM refresh_tokens WHERE token_hash = ?', [tokenHash]);
    const row = rows[0];
    if (!row) return null;
    return {
      id: row.id,
      userId: row.user_id,
      familyId: row.family_id,
      expiresAt: row.expires_at,
      rotatedAt: row.rotated_at,
      revokedAt: row.revoked_at,
    };
  }

  /**
   * True while the sign-in (`family_id`, the `sid` in its access tokens) has a refresh token
   * that is neither revoked nor expired. Sign-out and a reused refresh token revoke the family,
   * which ends its access tokens at once, in every OnDeck process.
   */
  async isSessionActive(familyId: string, now: Date): Promise<boolean> {
    const [rows] = await this.db.query<RowDataPacket[]>(
      'SELECT 1 FROM refresh_tokens WHERE family_id = ? AND revoked_at IS NULL AND expires_at > ? LIMIT 1',
      [familyId, now],
    );
    return rows.length > 0;
  }

  /** False when another request rotated or revoked it first. */
  async markRotated(id: number, at: Date): Promise<boolean> {
    const [result] = await this.db.query<ResultSetHeader>(
      'UPDATE refresh_tokens SET rotated_at = ? WHERE id = ? AND rotated_at IS NULL AND revoked_at IS NULL',
      [at, id],
    );
    return result.affectedRows === 1;
  }

  async revokeFamily(familyId: string, at: Date): Promise<void> {
    await this.db.query('UPDATE refresh_tokens SET revoked_at = ? WHERE family_id = ? AND revoked_at IS NULL', [at, familyId]);
  }

  async revokeAllForUser(userId: number, at: Date, exceptFamilyId: string | null = null, db: Queryable = this.db): Promise<void> {
    await db.query(
      'UPDATE refresh_tokens SET revoked_at = ? WHERE user_id = ? AND revoked_at IS NULL AND family_id <> ?',
      [at, userId, exceptFamilyId ?? ''],
    );
  }

  async deleteExpiredBefore(before: Date): Promise<number> {
    const [result] = await this.db.query<ResultSetHeader>('DELETE FROM refresh_tokens WHERE expires_at < ?', [before]);
    return result.affectedRows;
  }
}
