import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import mysql from 'mysql2/promise';
import type { Pool, RowDataPacket } from 'mysql2/promise';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CdrRepository } from '../src/history/call-log/cdr.repository';
import { cdrIndexNames } from '../src/history/cdr-indexes';
import { RecordingCatalog } from '../src/history/recordings/recording-catalog';
import { backfillDemoHistory, type DemoHistoryOptions } from './demo-history';

const database = `sim_demo_history_${process.pid}_${Math.floor(Math.random() * 1e6)}`;
const server = { host: process.env.DB_HOST ?? '127.0.0.1', port: Number(process.env.DB_PORT ?? 3306), user: process.env.DB_USER ?? 'root', password: process.env.DB_PASSWORD ?? '' };
const recordingsDir = mkdtempSync(path.join(tmpdir(), 'ondeck-demo-recordings-'));
let pool: Pool;
const messages: string[] = [];

function options(): DemoHistoryOptions {
  return {
    pool,
    recordingsDir,
    days: 4,
    callsPerWeekday: 60,
    names: { '1001': 'Sam Supervisor', '1002': 'Alex Agent', '1003': 'Blair Agent', '1027': 'Reception' },
    queues: { support: { number: '8000', members: ['1001', '1002'] } },
    reception: '1027',
    now: new Date('2026-12-04T12:00:00Z'), // a Friday: Monday to Thursday before it
    maxRecordings: 30,
    logger: { info: (_fields, message) => messages.push(message) },
  };
}

function filesUnder(dir: string): string[] {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry) => path.relative(dir, path.join(entry.parentPath, entry.name)));
}

beforeAll(async () => {
  const connection = await mysql.createConnection(server);
  await connection.query(`CREATE DATABASE \`${database}\``);
  await connection.end();
  pool = mysql.createPool({ ...server, database, timezone: 'Z', dateStrings: ['DATETIME'], connectionLimit: 2 });
});

afterAll(async () => {
  await pool.end();
  const connection = await mysql.createConnection(server);
  await connection.query(`DROP DATABASE IF EXISTS \`${database}\``);
  await connection.end();
  rmSync(recordingsDir, { recursive: true, force: true });
});

describe('demo history backfill', () => {
  it('writes days of calls before today, indexes the table and playable files for the newest recordings', async () => {
    const result = await backfillDemoHistory(options());
    expect(result.rows).toBeGreaterThan(200);
    const [[range]] = await pool.query<RowDataPacket[][]>("SELECT DATE_FORMAT(MIN(calldate), '%Y-%m-%d') AS first, DATE_FORMAT(MAX(calldate), '%Y-%m-%d') AS last, COUNT(*) AS n FROM cdr");
    expect(range).toMatchObject({ first: '2026-11-30', last: '2026-12-03', n: result.rows });
    const [indexes] = await pool.query<RowDataPacket[]>('SHOW INDEX FROM cdr');
    expect(new Set(indexes.map((row) => String(row.Key_name)))).toEqual(new Set(['calldate', 'dst', 'uniqueid', 'linkedid', ...cdrIndexNames()]));
    expect(messages).toContain('demo call history: done');

    const files = filesUnder(recordingsDir);
    expect(files.length).toBe(result.recordings);
    expect(files.length).toBeGreaterThan(5);
    const [recorded] = await pool.query<RowDataPacket[]>("SELECT DISTINCT recordingfile, DATE_FORMAT(calldate, '%Y/%m/%d') AS folder FROM cdr WHERE recordingfile LIKE BINARY '%.wav' AND uniqueid = linkedid");
    const byName = new Map(recorded.map((row) => [String(row.recordingfile), String(row.folder)]));
    for (const file of files) {
      const name = path.basename(file);
      expect(path.dirname(file)).toBe(byName.get(name));
      expect(readFileSync(path.join(recordingsDir, file)).toString('ascii', 0, 4)).toBe('RIFF');
    }
    // wav49 names stay without a file: the call log shows "recording not found" for them.
    const [wav49] = await pool.query<RowDataPacket[]>("SELECT recordingfile FROM cdr WHERE recordingfile LIKE BINARY '%.WAV' LIMIT 1");
    expect(wav49.length).toBe(1);
    expect(files.some((file) => file.endsWith('.WAV'))).toBe(false);
  });

  it('the call log finds the playable recordings where it looks, and a wav49 name as not available', async () => {
    const cdr = new CdrRepository(pool, 'cdr', 'UTC');
    const catalog = new RecordingCatalog(recordingsDir);
    const file = filesUnder(recordingsDir)[0] ?? '';
    const [withFile] = await pool.query<RowDataPacket[]>('SELECT linkedid FROM cdr WHERE recordingfile = ? LIMIT 1', [path.basename(file)]);
    const recorded = String(withFile[0]?.linkedid);
    const [found] = await catalog.recordingsOf(recorded, await cdr.legsOf([recorded]));
    expect(found?.ref).toMatchObject({ available: true, playable: true });
    expect(found?.path).toBe(path.join(recordingsDir, file));
    const [wav49] = await pool.query<RowDataPacket[]>("SELECT linkedid FROM cdr WHERE recordingfile LIKE BINARY '%.WAV' LIMIT 1");
    const gsm = String(wav49[0]?.linkedid);
    const [missing] = await catalog.recordingsOf(gsm, await cdr.legsOf([gsm]));
    expect(missing?.ref.available).toBe(false);
  });

  it('changes nothing when run again, and puts back a deleted recording', async () => {
    const [[before]] = await pool.query<RowDataPacket[][]>('SELECT COUNT(*) AS n FROM cdr');
    const files = filesUnder(recordingsDir);
    const again = await backfillDemoHistory(options());
    expect(again).toEqual({ rows: 0, calls: 0, recordings: 0 });
    const [[after]] = await pool.query<RowDataPacket[][]>('SELECT COUNT(*) AS n FROM cdr');
    expect(after).toEqual(before);
    const first = files[0] ?? '';
    rmSync(path.join(recordingsDir, first));
    expect((await backfillDemoHistory(options())).recordings).toBe(1);
    expect(filesUnder(recordingsDir).sort()).toEqual(files.sort());
  });
});
