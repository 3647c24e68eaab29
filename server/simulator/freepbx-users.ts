import mysql from 'mysql2/promise';
import type { ConnectionOptions } from 'mysql2/promise';

/** The columns FreePBX 16/17 core creates for `users` in its `asterisk` database. */
export const FREEPBX_USERS_TABLE_SQL = `CREATE TABLE IF NOT EXISTS users (
  extension varchar(20) NOT NULL DEFAULT '',
  password varchar(20) DEFAULT NULL,
  name varchar(50) DEFAULT NULL,
  voicemail varchar(50) DEFAULT NULL,
  ringtimer int(3) DEFAULT NULL,
  noanswer varchar(100) DEFAULT NULL,
  recording varchar(50) DEFAULT NULL,
  outboundcid varchar(50) DEFAULT NULL,
  sipname varchar(50) DEFAULT NULL,
  noanswer_cid varchar(20) NOT NULL DEFAULT '',
  busy_cid varchar(20) NOT NULL DEFAULT '',
  chanunavail_cid varchar(20) NOT NULL DEFAULT '',
  noanswer_dest varchar(255) NOT NULL DEFAULT '',
  busy_dest varchar(255) NOT NULL DEFAULT '',
  chanunavail_dest varchar(255) NOT NULL DEFAULT '',
  mohclass varchar(80) DEFAULT 'default',
  PRIMARY KEY (extension)
) DEFAULT CHARSET=utf8mb4`;

export interface FreePbxUsersOptions {
  /** Server and account; `database` is created when missing. */
  connection: ConnectionOptions & { database: string };
  /** Extension -> name, as FreePBX's Extensions page would have them. */
  names: Readonly<Record<string, string>>;
}

/**
 * Writes the simulated PBX's extensions into a FreePBX-shaped `users` table, the one OnDeck
 * reads extension names from on a real box. Existing rows get the seeded name; others stay.
 */
export async function writeFreePbxUsers(options: FreePbxUsersOptions): Promise<number> {
  const { database, ...server } = options.connection;
  const connection = await mysql.createConnection(server);
  try {
    await connection.query(`CREATE DATABASE IF NOT EXISTS ${connection.escapeId(database)} CHARACTER SET utf8mb4`);
    await connection.changeUser({ database });
    await connection.query(FREEPBX_USERS_TABLE_SQL);
    const rows = Object.entries(options.names).map(([extension, name]) => [extension, name, 'novm']);
    if (rows.length === 0) return 0;
    await connection.query('INSERT INTO users (extension, name, voicemail) VALUES ? ON DUPLICATE KEY UPDATE name = VALUES(name)', [rows]);
    return rows.length;
  } finally {
    await connection.end();
  }
}
