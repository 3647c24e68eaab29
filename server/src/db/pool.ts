import mysql, { type Pool, type PoolConnection } from 'mysql2/promise';
import type { DbConfig } from '../config';

/** Anything that can run a query: the pool, or one connection inside a transaction. */
export type Queryable = Pool | PoolConnection;
export type { Pool, PoolConnection };

export function createPool(config: DbConfig): Pool {
  return mysql.createPool({
    host: config.host,
    port: config.port,
    user: config.user,
    password: config.password,
    database: config.name,
    connectionLimit: 10,
    // Store and read DATETIME as UTC whatever the box's time zone is.
    timezone: 'Z',
    dateStrings: false,
    charset: 'utf8mb4_unicode_ci',
  });
}

/** Runs one statement on a connection to the server without selecting a database. */
async function onServer(config: DbConfig, sql: string): Promise<void> {
  const connection = await mysql.createConnection({
    host: config.host,
    port: config.port,
    user: config.user,
    password: config.password,
  });
  try {
    await connection.query(sql);
  } finally {
    await connection.end();
  }
}

/** Creates the database when missing, so a fresh install needs only the credentials. */
export async function ensureDatabase(config: DbConfig): Promise<void> {
  await onServer(config, `CREATE DATABASE IF NOT EXISTS \`${config.name}\` CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci`);
}

/** The config's name is validated (letters, digits, _), so it is safe inside backquotes. */
export async function dropDatabase(config: DbConfig): Promise<void> {
  await onServer(config, `DROP DATABASE IF EXISTS \`${config.name}\``);
}

/**
 * Runs `work` on one connection inside a transaction: commit when it resolves, roll back when
 * it throws. Use it whenever one operation writes more than one row that must agree.
 */
export async function withTransaction<T>(pool: Pool, work: (connection: PoolConnection) => Promise<T>): Promise<T> {
  const connection = await pool.getConnection();
  try {
    await connection.beginTransaction();
    const result = await work(connection);
    await connection.commit();
    return result;
  } catch (error) {
    await connection.rollback().catch(() => undefined);
    throw error;
  } finally {
    connection.release();
  }
}
