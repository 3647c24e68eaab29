import { existsSync } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { Pool, RowDataPacket } from 'mysql2/promise';
import { applyCdrIndexes } from '../src/history/cdr-indexes';
import { generateCdrHistory, type CdrHistoryOptions, type HistoryQueue } from './cdr-history';
import { CDR_COLUMNS, CDR_TABLE_SQL, cdrRowValues } from './cdr-writer';
import type { CdrRecord } from './cdr-records';
import { demoRecording } from './demo-audio';

export interface DemoHistoryLogger {
  info(fields: object, message: string): void;
}

export interface DemoHistoryOptions {
  /** A pool on the demo's CDR database (the simulator's `cdr` table lives there). */
  pool: Pool;
  /** The demo's FreePBX monitor folder (OnDeck's RECORDINGS_DIR). */
  recordingsDir: string;
  /** Days of history before today (UTC). */
  days?: number;
  callsPerWeekday?: number;
  /** Extension → person: the demo company. */
  names: Readonly<Record<string, string>>;
  queues: Readonly<Record<string, HistoryQueue>>;
  reception: string;
  now?: Date;
  /** Playable files for the newest recorded calls, at most this many. */
  maxRecordings?: number;
  logger: DemoHistoryLogger;
}

export interface DemoHistoryResult {
  /** Rows written now (0 when the table already had history). */
  rows: number;
  calls: number;
  /** Recording files written now (existing ones are kept). */
  recordings: number;
}

const INSERT_BATCH = 1000;

/** The demo's DIDs: the numbers its callers dial. */
export const DEMO_DIDS = ['0201234500', '0201234501', '0201234502'];

async function insertRows(pool: Pool, rows: readonly CdrRecord[]): Promise<void> {
  if (rows.length === 0) return;
  await pool.query(`INSERT INTO cdr (${CDR_COLUMNS.join(', ')}) VALUES ?`, [rows.map(cdrRowValues)]);
}

/**
 * Gives the demo a past: when its CDR table has nothing older than today, writes `days` days of
 * believable calls (cdr-history.ts); then makes sure the newest recorded calls have a real,
 * playable WAV in the monitor folder (YYYY/MM/DD, from the call date as the table holds it).
 * wav49 names (`.WAV`) are left without a file, so the demo also shows "recording not found".
 * Safe to run on every start: history is written once, files only when missing.
 */
export async function backfillDemoHistory(options: DemoHistoryOptions): Promise<DemoHistoryResult> {
  const { pool, logger } = options;
  const now = options.now ?? new Date();
  const today = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate()));
  await pool.query(CDR_TABLE_SQL);
  await applyCdrIndexes(pool);
  const [older] = await pool.query<RowDataPacket[]>('SELECT COUNT(*) AS n FROM cdr WHERE calldate < ?', [today]);
  let rows = 0;
  let calls = 0;
  if (Number(older[0]?.n ?? 0) === 0) {
    const days = options.days ?? 14;
    const history: CdrHistoryOptions = {
      from: new Date(today.getTime() - days * 86_400_000),
      days,
      callsPerWeekday: options.callsPerWeekday ?? 250,
      seed: 13,
      names: options.names,
      queues: options.queues,
      dids: DEMO_DIDS,
      reception: options.reception,
      recordingRate: 0.3,
      wav49Every: 25,
    };
    logger.info({ days, from: history.from.toISOString().slice(0, 10) }, 'demo call history: writing past calls');
    let batch: CdrRecord[] = [];
    let day = '';
    for (const call of generateCdrHistory(history)) {
      const callDay = call.rows[0]?.calldate.toISOString().slice(0, 10) ?? day;
      if (callDay !== day && day !== '') logger.info({ day, calls, rows: rows + batch.length }, 'demo call history: day written');
      day = callDay;
      batch.push(...call.rows);
      calls += 1;
      if (batch.length >= INSERT_BATCH) {
        await insertRows(pool, batch);
        rows += batch.length;
        batch = [];
      }
    }
    await insertRows(pool, batch);
    rows += batch.length;
    logger.info({ calls, rows }, 'demo call history: done');
  }
  const recordings = await writeRecordings(options);
  return { rows, calls, recordings };
}

/** WAV files for the newest recorded calls that have none yet. */
async function writeRecordings(options: DemoHistoryOptions): Promise<number> {
  const [recorded] = await options.pool.query<RowDataPacket[]>(
    `SELECT recordingfile, DATE_FORMAT(MIN(calldate), '%Y/%m/%d') AS folder FROM cdr
     WHERE recordingfile <> '' GROUP BY recordingfile ORDER BY MIN(calldate) DESC LIMIT ?`,
    [options.maxRecordings ?? 60],
  );
  let written = 0;
  for (const row of recorded) {
    const fileName = String(row.recordingfile);
    // The table is the demo's own, but a name is still only ever a bare FreePBX file name here.
    if (!/^[A-Za-z0-9][A-Za-z0-9._+@=,-]*\.wav$/.test(fileName) || fileName.includes('..')) continue;
    const folder = path.join(options.recordingsDir, ...String(row.folder).split('/'));
    const file = path.join(folder, fileName);
    if (existsSync(file)) continue;
    await mkdir(folder, { recursive: true });
    await writeFile(file, demoRecording(fileName));
    written += 1;
  }
  if (written > 0) options.logger.info({ written, folder: options.recordingsDir }, 'demo call history: recordings written');
  return written;
}

/** What MixMonitor's File may be here: `YYYY/MM/DD/<name>.wav` under the monitor folder (OnDeck's on-demand recordings) or a bare name. */
const LIVE_RECORDING = /^(?:(\d{4})\/(\d{2})\/(\d{2})\/)?([A-Za-z0-9][A-Za-z0-9._+@=,-]*\.wav)$/;

/**
 * The demo's stand-in for a MixMonitor file of a live call: a few seconds of sound at the path
 * the recording was asked for (relative to the monitor folder; a bare name goes into today's
 * folder), so recording a call from the demo's softphone gives a file the call log can play.
 * Anything else (absolute paths, `..`) is ignored. Resolves to the written path, or null.
 */
export async function writeLiveRecording(recordingsDir: string, file: string, now = new Date()): Promise<string | null> {
  const match = LIVE_RECORDING.exec(file);
  if (!match || file.includes('..')) return null;
  const [, year, month, day, name = ''] = match;
  const folder = year && month && day ? path.join(recordingsDir, year, month, day) : path.join(recordingsDir, ...now.toISOString().slice(0, 10).split('-'));
  await mkdir(folder, { recursive: true });
  const target = path.join(folder, name);
  await writeFile(target, demoRecording(name));
  return target;
}
