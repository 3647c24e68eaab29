import type { ResultSetHeader, RowDataPacket } from 'mysql2';
import type { Pool } from '../db';
import type { SecretBox } from './secret-box';

/** Where an extension's SIP secret is read from. */
export interface SipSecretSource {
  secretFor(extension: string): Promise<string | null>;
}

/** FreePBX keeps each device's settings as key/value rows in asterisk.sip. */
export class FreePbxSipSecrets implements SipSecretSource {
  constructor(private readonly freepbx: Pool) {}

  async secretFor(extension: string): Promise<string | null> {
    const [rows] = await this.freepbx.query<RowDataPacket[]>("SELECT data FROM sip WHERE id = ? AND keyword = 'secret' LIMIT 1", [extension]);
    const data: unknown = rows[0]?.data;
    return typeof data === 'string' && data !== '' ? data : null;
  }
}

/** Secrets an admin set in OnDeck, sealed at rest. */
export class OnDeckSipSecrets implements SipSecretSource {
  constructor(
    private readonly db: Pool,
    private readonly box: SecretBox,
  ) {}

  async secretFor(extension: string): Promise<string | null> {
    const [rows] = await this.db.query<RowDataPacket[]>('SELECT secret_enc FROM phone_secrets WHERE extension = ?', [extension]);
    const sealed: unknown = rows[0]?.secret_enc;
    return Buffer.isBuffer(sealed) ? this.box.open(sealed) : null;
  }

  /** Extensions with a secret set here and when, never the secrets. */
  async list(): Promise<Array<{ extension: string; updatedAt: Date }>> {
    const [rows] = await this.db.query<RowDataPacket[]>('SELECT extension, updated_at FROM phone_secrets ORDER BY extension');
    return rows.map((row) => ({ extension: String(row.extension), updatedAt: new Date(row.updated_at as string | Date) }));
  }

  async store(extension: string, secret: string, updatedBy: number | null): Promise<void> {
    await this.db.query(
      'INSERT INTO phone_secrets (extension, secret_enc, updated_by) VALUES (?, ?, ?) ON DUPLICATE KEY UPDATE secret_enc = VALUES(secret_enc), updated_by = VALUES(updated_by)',
      [extension, this.box.seal(secret), updatedBy],
    );
  }

  async remove(extension: string): Promise<boolean> {
    const [result] = await this.db.query<ResultSetHeader>('DELETE FROM phone_secrets WHERE extension = ?', [extension]);
    return result.affectedRows > 0;
  }
}
