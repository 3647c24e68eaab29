import mysql from 'mysql2/promise';
import type { Pool, PoolOptions } from 'mysql2/promise';
import { CDR_COLUMNS } from '../src/history/cdr-row';
import type { CdrRecord } from './cdr-records';
import type { World } from './world';

export { CDR_COLUMNS };

/** FreePBX's asteriskcdrdb.cdr, as the CDR module creates it. */
export const CDR_TABLE_SQL = `CREATE TABLE IF NOT EXISTS cdr (
  calldate datetime NOT NULL DEFAULT '1000-01-01 00:00:00',
  clid varchar(80) NOT NULL DEFAULT '',
  src varchar(80) NOT NULL DEFAULT '',
  dst varchar(80) NOT NULL DEFAULT '',
  dcontext varchar(80) NOT NULL DEFAULT '',
  channel varchar(80) NOT NULL DEFAULT '',
  dstchannel varchar(80) NOT NULL DEFAULT '',
  lastapp varchar(80) NOT NULL DEFAULT '',
  lastdata varchar(80) NOT NULL DEFAULT '',
  duration int(11) NOT NULL DEFAULT 0,
  billsec int(11) NOT NULL DEFAULT 0,
  disposition varchar(45) NOT NULL DEFAULT '',
  amaflags int(11) NOT NULL DEFAULT 0,
  accountcode varchar(20) NOT NULL DEFAULT '',
  uniqueid varchar(32) NOT NULL DEFAULT '',
  userfield varchar(255) NOT NULL DEFAULT '',
  did varchar(50) NOT NULL DEFAULT '',
  recordingfile varchar(255) NOT NULL DEFAULT '',
  cnum varchar(80) NOT NULL DEFAULT '',
  cnam varchar(80) NOT NULL DEFAULT '',
  outbound_cnum varchar(80) NOT NULL DEFAULT '',
  outbound_cnam varchar(80) NOT NULL DEFAULT '',
  dst_cnam varchar(80) NOT NULL DEFAULT '',
  linkedid varchar(32) NOT NULL DEFAULT '',
  peeraccount varchar(80) NOT NULL DEFAULT '',
  sequence int(11) NOT NULL DEFAULT 0,
  KEY calldate (calldate),
  KEY dst (dst),
  KEY uniqueid (uniqueid),
  KEY linkedid (linkedid)
) DEFAULT CHARSET=utf8mb4`;

/** Row values in CDR_COLUMNS order; values are cut to the column widths like MariaDB would reject. */
export function cdrRowValues(record: CdrRecord): Array<string | number | Date> {
  return CDR_COLUMNS.map((column) => {
    const value = record[column];
    return typeof value === 'string' ? value.slice(0, column === 'userfield' || column === 'recordingfile' ? 255 : 80) : value;
  });
}

export interface CdrWriterOptions {
  /** An existing pool on the CDR database, or connection settings for one. */
  pool?: Pool;
  connection?: PoolOptions;
  onError?: (error: unknown) => void;
}

export interface CdrWriter {
  /** Resolves once every row handed over so far is written. */
  flush(): Promise<void>;
  stop(): Promise<void>;
}

/** Writes one row per finished leg into the cdr table (created when missing). */
export async function startCdrWriter(world: World, options: CdrWriterOptions): Promise<CdrWriter> {
  const ownPool = options.pool ? undefined : mysql.createPool({ ...options.connection, timezone: 'Z' });
  const pool = options.pool ?? ownPool;
  if (!pool) throw new Error('cdr writer needs a pool or connection settings');
  await pool.query(CDR_TABLE_SQL);
  const sql = `INSERT INTO cdr (${CDR_COLUMNS.join(', ')}) VALUES (${CDR_COLUMNS.map(() => '?').join(', ')})`;
  let chain: Promise<void> = Promise.resolve();
  const listener = (record: CdrRecord): void => {
    chain = chain
      .then(async () => {
        await pool.execute(sql, cdrRowValues(record));
      })
      .catch((error: unknown) => options.onError?.(error));
  };
  world.cdrListeners.add(listener);
  return {
    flush: () => chain,
    stop: async () => {
      world.cdrListeners.delete(listener);
      await chain;
      await ownPool?.end();
    },
  };
}
