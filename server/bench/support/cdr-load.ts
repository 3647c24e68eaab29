import mysql from 'mysql2/promise';
import type { Pool } from 'mysql2/promise';
import { generateCdrHistory, type CdrHistoryOptions, type HistoryQueue } from '../../simulator/cdr-history';
import type { CdrRecord } from '../../simulator/cdr-records';
import { CDR_COLUMNS, CDR_TABLE_SQL, cdrRowValues } from '../../simulator/cdr-writer';
import { progress } from './child';

/**
 * A throwaway FreePBX-shaped CDR database filled with generated history (cdr-history.ts): the
 * call-log benchmark's data. Rows go in as multi-row INSERTs of `batch` rows over a few
 * connections at once, with FreePBX's own indexes only; OnDeck's are added afterwards, as the
 * installer adds them to a table that already holds years of rows.
 */
export interface CdrLoadOptions {
  database: string;
  rows: number;
  days: number;
  /** The last day generated ends at this midnight (UTC). */
  until: Date;
  extensions: number;
  queues: number;
  batch?: number;
  parallel?: number;
  seed?: number;
}

export interface BenchOffice {
  names: Record<string, string>;
  queues: Record<string, HistoryQueue>;
  /** Extensions of the supervisor's team (queue support's members and a few more). */
  team: string[];
  teamQueues: string[];
}

export const BENCH_SERVER = {
  host: process.env.DB_HOST ?? '127.0.0.1',
  port: Number(process.env.DB_PORT ?? 3306),
  user: process.env.DB_USER ?? 'root',
  password: process.env.DB_PASSWORD ?? '',
};

/** A bigger office than the demo: `extensions` people from 1001 up, queues of 8 members each. */
export function benchOffice(extensions: number, queueCount: number): BenchOffice {
  const exts = Array.from({ length: extensions }, (_, i) => String(1001 + i));
  const names = Object.fromEntries(exts.map((ext) => [ext, `Person ${ext}`]));
  const queues: Record<string, HistoryQueue> = {};
  for (let q = 0; q < queueCount; q += 1) queues[q === 0 ? 'support' : `q${800 + q}`] = { number: String(8000 + q), members: exts.slice(q * 8, q * 8 + 8) };
  return { names, queues, team: [...(queues.support?.members ?? []), ...exts.slice(queueCount * 8, queueCount * 8 + 4)], teamQueues: ['support'] };
}

/** Weekday calls that make about `rows` rows over `days` days (2.5 legs per call, quieter weekends). */
function callsPerWeekday(rows: number, days: number): number {
  const weekdayShare = (5 * 0.97 + 0.08 + 0.15) / 7;
  return Math.ceil(rows / 2.5 / days / weekdayShare);
}

export async function loadCdr(options: CdrLoadOptions, office: BenchOffice): Promise<{ pool: Pool; rows: number; calls: number; seconds: number }> {
  const admin = await mysql.createConnection(BENCH_SERVER);
  await admin.query(`CREATE DATABASE \`${options.database}\` CHARACTER SET utf8mb4`);
  await admin.end();
  const parallel = options.parallel ?? 3;
  const pool = mysql.createPool({ ...BENCH_SERVER, database: options.database, timezone: 'Z', connectionLimit: parallel + 1, dateStrings: true });
  await pool.query(CDR_TABLE_SQL);
  const history: CdrHistoryOptions = {
    from: new Date(options.until.getTime() - options.days * 86_400_000),
    days: options.days,
    callsPerWeekday: callsPerWeekday(options.rows, options.days),
    seed: options.seed ?? 2026,
    names: office.names,
    queues: office.queues,
    dids: ['0201234500', '0201234501', '0201234502', '0201234503'],
    reception: '1001',
    recordingRate: 0.3,
    wav49Every: 50,
  };
  const batchSize = options.batch ?? 2000;
  const sql = `INSERT INTO cdr (${CDR_COLUMNS.join(', ')}) VALUES ?`;
  const inFlight = new Set<Promise<void>>();
  const started = performance.now();
  let rows = 0;
  let calls = 0;
  let batch: CdrRecord[] = [];
  let nextReport = 100_000;
  const send = async (records: CdrRecord[]): Promise<void> => {
    const insert = pool.query(sql, [records.map(cdrRowValues)]).then(() => undefined);
    const tracked = insert.finally(() => inFlight.delete(tracked));
    inFlight.add(tracked);
    if (inFlight.size >= parallel) await Promise.race(inFlight);
  };
  for (const call of generateCdrHistory(history)) {
    batch.push(...call.rows);
    calls += 1;
    if (batch.length >= batchSize) {
      rows += batch.length;
      await send(batch);
      batch = [];
      if (rows >= nextReport) {
        progress(`loaded ${rows.toLocaleString('en')} rows (${calls.toLocaleString('en')} calls), ${((performance.now() - started) / 1000).toFixed(0)} s`);
        nextReport += 100_000;
      }
    }
  }
  if (batch.length > 0) await send(batch);
  rows += batch.length;
  await Promise.all(inFlight);
  return { pool, rows, calls, seconds: (performance.now() - started) / 1000 };
}

export async function dropBenchDatabase(database: string): Promise<void> {
  const admin = await mysql.createConnection(BENCH_SERVER);
  await admin.query(`DROP DATABASE IF EXISTS \`${database}\``);
  await admin.end();
}
