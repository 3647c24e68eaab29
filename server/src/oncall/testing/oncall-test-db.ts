import { randomBytes } from 'node:crypto';
import { copyFileSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Logger } from 'pino';
import type { DbConfig } from '../../config';
import { createPool, dropDatabase, ensureDatabase, MIGRATIONS_DIR, runMigrations, type Pool } from '../../db';

export interface OnCallTestDb {
  db: DbConfig;
  pool: Pool;
  drop(): Promise<void>;
}

/**
 * A fresh database with this domain's migrations only (020-029), so other domains' work in
 * progress cannot break on-call tests.
 */
export async function createOnCallTestDb(logger: Logger): Promise<OnCallTestDb> {
  const db: DbConfig = {
    host: process.env.ONDECK_TEST_DB_HOST ?? '127.0.0.1',
    port: Number(process.env.ONDECK_TEST_DB_PORT ?? 3306),
    user: process.env.ONDECK_TEST_DB_USER ?? 'root',
    password: process.env.ONDECK_TEST_DB_PASSWORD ?? '',
    name: `ondeck_oncall_${randomBytes(6).toString('hex')}`,
  };
  await ensureDatabase(db);
  const dir = mkdtempSync(join(tmpdir(), 'ondeck-oncall-migrations-'));
  try {
    for (const file of readdirSync(MIGRATIONS_DIR).filter((name) => /^02\d_/.test(name))) {
      copyFileSync(join(MIGRATIONS_DIR, file), join(dir, file));
    }
    await runMigrations(db, logger, dir);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  const pool = createPool(db);
  return {
    db,
    pool,
    async drop() {
      await pool.end();
      await dropDatabase(db);
    },
  };
}
