import { randomBytes } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { RowDataPacket } from 'mysql2/promise';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DbConfig } from '../config';
import { createLogger } from '../logging';
import { createPool, DatabaseUnavailableError, dropDatabase, ensureDatabase, withTransaction, type Pool } from './pool';
import { listMigrations, MigrationError, runMigrations } from './migrations';

const logger = createLogger('silent');

describe('migrations and transactions (real MariaDB)', () => {
  const db: DbConfig = { host: '127.0.0.1', port: 3306, user: 'root', password: '', name: `ondeck_mig_${randomBytes(5).toString('hex')}` };
  let pool: Pool;

  beforeAll(async () => {
    await ensureDatabase(db);
    pool = createPool(db);
  });
  afterAll(async () => {
    await pool?.end();
    await dropDatabase(db);
  });

  it('applies the shipped migrations once and records them', async () => {
    const first = await runMigrations(db, logger);
    expect(first).toContain('001_foundation.sql');
    expect(await runMigrations(db, logger)).toEqual([]);
    const [rows] = await pool.query<(RowDataPacket & { version: number; name: string })[]>('SELECT version, name FROM schema_migrations ORDER BY version');
    expect(rows.map((row) => row.name)).toEqual((await listMigrations()).map((m) => m.file));
    const [tables] = await pool.query<RowDataPacket[]>('SHOW TABLES');
    // SHOW TABLES names its one column after the database, so it is read by position.
    const names = tables.map((row) => Object.values(row as Record<string, unknown>)[0]);
    expect(names).toEqual(expect.arrayContaining(['users', 'refresh_tokens', 'settings', 'audit_log']));
  });

  it('stops at a failing migration, naming the file, and does not record it', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'ondeck-mig-'));
    writeFileSync(join(dir, '101_good.sql'), 'CREATE TABLE mig_good (id INT);');
    writeFileSync(join(dir, '102_broken.sql'), 'CREATE TABLE mig_broken (id INT;');
    writeFileSync(join(dir, '103_later.sql'), 'CREATE TABLE mig_later (id INT);');
    await expect(runMigrations(db, logger, dir)).rejects.toThrow(MigrationError);
    await expect(runMigrations(db, logger, dir)).rejects.toThrow(/102_broken\.sql/);
    const [rows] = await pool.query<(RowDataPacket & { version: number })[]>('SELECT version FROM schema_migrations WHERE version > 100');
    expect(rows.map((row) => row.version)).toEqual([101]);
  });

  it('refuses badly named migration files', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'ondeck-mig-'));
    writeFileSync(join(dir, 'add-users.sql'), 'SELECT 1;');
    await expect(listMigrations(dir)).rejects.toThrow(/add-users\.sql/);
  });

  it('withTransaction commits on success and rolls back on error', async () => {
    await pool.query('CREATE TABLE tx_probe (id INT PRIMARY KEY) ENGINE=InnoDB');
    await withTransaction(pool, async (connection) => {
      await connection.query('INSERT INTO tx_probe VALUES (1), (2)');
    });
    await expect(
      withTransaction(pool, async (connection) => {
        await connection.query('INSERT INTO tx_probe VALUES (3)');
        await connection.query('INSERT INTO tx_probe VALUES (1)'); // duplicate key
      }),
    ).rejects.toThrow(/Duplicate/);
    const [rows] = await pool.query<(RowDataPacket & { id: number })[]>('SELECT id FROM tx_probe ORDER BY id');
    expect(rows.map((row) => row.id)).toEqual([1, 2]);
  });
});

describe('ensureDatabase', () => {
  it('names the settings to check when the server cannot be reached', async () => {
    const unreachable: DbConfig = { host: '127.0.0.1', port: 1, user: 'root', password: '', name: 'ondeck_none' };
    await expect(ensureDatabase(unreachable)).rejects.toThrow(DatabaseUnavailableError);
    await expect(ensureDatabase(unreachable)).rejects.toThrow(/127\.0\.0\.1:1 .*Check that MariaDB is running and DB_HOST/);
  });
});
