import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import mysql, { type RowDataPacket } from 'mysql2/promise';
import type { Logger } from 'pino';
import type { DbConfig } from '../config';
import { serverAddress } from './pool';

export const MIGRATIONS_DIR = fileURLToPath(new URL('./migrations', import.meta.url));
const MIGRATION_FILE = /^(\d{3,})_[a-z0-9_]+\.sql$/;

export class MigrationError extends Error {
  constructor(
    readonly file: string,
    cause: unknown,
  ) {
    const reason = cause instanceof Error ? cause.message : String(cause);
    super(`Database migration ${file} failed: ${reason}. Fix the database or the file, then start OnDeck again.`);
    this.name = 'MigrationError';
  }
}

export interface MigrationFile {
  version: number;
  file: string;
}

export async function listMigrations(dir: string = MIGRATIONS_DIR): Promise<MigrationFile[]> {
  const names = await readdir(dir);
  const files: MigrationFile[] = [];
  for (const file of names) {
    if (!file.endsWith('.sql')) continue;
    const match = MIGRATION_FILE.exec(file);
    if (!match) throw new MigrationError(file, new Error('name must look like 001_short_name.sql'));
    files.push({ version: Number(match[1]), file });
  }
  files.sort((a, b) => a.version - b.version);
  for (let i = 1; i < files.length; i++) {
    if (files[i]?.version === files[i - 1]?.version) {
      throw new MigrationError(files[i]?.file ?? '', new Error('two migrations share the same number'));
    }
  }
  return files;
}

/**
 * Applies every migration not yet recorded in `schema_migrations`, in order. MariaDB commits
 * DDL implicitly, so a file is not atomic: each one is recorded only after all its statements
 * ran, and a failure stops start-up naming the file.
 */
export async function runMigrations(db: DbConfig, logger: Logger, dir: string = MIGRATIONS_DIR): Promise<string[]> {
  const connection = await mysql.createConnection({
    ...serverAddress(db),
    user: db.user,
    password: db.password,
    database: db.name,
    multipleStatements: true,
  });
  const applied: string[] = [];
  try {
    await connection.query(`CREATE TABLE IF NOT EXISTS schema_migrations (
      version INT UNSIGNED NOT NULL PRIMARY KEY,
      name VARCHAR(255) NOT NULL,
      applied_at DATETIME(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3)
    ) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4`);
    const [rows] = await connection.query<RowDataPacket[]>('SELECT version FROM schema_migrations');
    const done = new Set(rows.map((row) => Number(row.version)));
    for (const migration of await listMigrations(dir)) {
      if (done.has(migration.version)) continue;
      const sql = await readFile(join(dir, migration.file), 'utf8');
      try {
        await connection.query(sql);
        await connection.query('INSERT INTO schema_migrations (version, name) VALUES (?, ?)', [
          migration.version,
          migration.file,
        ]);
      } catch (error) {
        throw new MigrationError(migration.file, error);
      }
      logger.info({ migration: migration.file }, 'database migration applied');
      applied.push(migration.file);
    }
  } finally {
    await connection.end();
  }
  return applied;
}
