import mysql, { type Pool, type PoolConnection } from 'mysql2/promise';
import type { DbConfig } from '../config';

/** Anything that can run a query: the pool, or one connection inside a transaction. */
export type Queryable = Pool | PoolConnection;
export type { Pool, PoolConnection };

/** Where the server is: its unix socket when configured, otherwise host and port. */
export function serverAddress(config: DbConfig): { host: string; port: number } | { socketPath: string } {
  return config.socketPath ? { socketPath: config.socketPath } : { host: config.host, port: config.port };
}

export function createPool(config: DbConfig): Pool {
  return mysql.createPool({
    ...serverAddress(config),
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
    ...serverAddress(config),
    user: config.user,
    password: config.password,
  });
  try {
    await connection.query(sql);
  } finally {
    await connection.end();
  }
}

/** Start-up could not reach or use the database; the message says which setting to check. */
export class DatabaseUnavailableError extends Error {
  constructor(config: DbConfig, cause: unknown) {
    const reason = cause instanceof Error ? cause.message : String(cause);
    super(
      `Cannot use the database ${config.name} at ${config.host}:${config.port} as ${config.user} (${reason}). ` +
        'Check that MariaDB is running and DB_HOST, DB_PORT, DB_USER, DB_PASSWORD and DB_NAME in .env.',
    );
    this.name = 'DatabaseUnavailableError';
  }
}

/**
 * Creates the database when missing, so a fresh install needs only the credentials. An
 * account allowed only inside an existing database may not run CREATE DATABASE: that is fine.
 */
export async function ensureDatabase(config: DbConfig): Promise<void> {
  try {
    await onServer(config, `CREATE DATABASE IF NOT EXISTS \`${config.name}\` CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci`);
  } catch (error) {
    if ((error as { code?: string }).code === 'ER_DBACCESS_DENIED_ERROR') return;
    throw new DatabaseUnavailableError(config, error);
  }
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
