import mysql from 'mysql2/promise';
import type { Pool, RowDataPacket } from 'mysql2/promise';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CDR_TABLE_SQL } from '../../simulator/cdr-writer';
import { applyCdrIndexes, cdrIndexNames, dropCdrIndexes } from './cdr-indexes';

const database = `ondeck_cdr_idx_${process.pid}_${Math.floor(Math.random() * 1e6)}`;
const server = { host: process.env.DB_HOST ?? '127.0.0.1', port: Number(process.env.DB_PORT ?? 3306), user: process.env.DB_USER ?? 'root', password: process.env.DB_PASSWORD ?? '' };
let pool: Pool;

async function indexesOf(table: string): Promise<Map<string, string[]>> {
  const [rows] = await pool.query<RowDataPacket[]>(`SHOW INDEX FROM \`${table}\``);
  const byName = new Map<string, string[]>();
  for (const row of rows) byName.set(String(row.Key_name), [...(byName.get(String(row.Key_name)) ?? []), String(row.Column_name)]);
  return byName;
}

beforeAll(async () => {
  const connection = await mysql.createConnection(server);
  await connection.query(`CREATE DATABASE \`${database}\``);
  await connection.end();
  pool = mysql.createPool({ ...server, database, connectionLimit: 2 });
  await pool.query(CDR_TABLE_SQL);
});

afterAll(async () => {
  await pool.end();
  const connection = await mysql.createConnection(server);
  await connection.query(`DROP DATABASE IF EXISTS \`${database}\``);
  await connection.end();
});

describe('applyCdrIndexes', () => {
  it('adds the ondeck_ indexes to FreePBX\'s cdr table, and running it twice changes nothing', async () => {
    const names = await applyCdrIndexes(pool);
    expect(names).toEqual(cdrIndexNames());
    expect(names.length).toBeGreaterThanOrEqual(5);
    const after = await indexesOf('cdr');
    expect(after.get('ondeck_calldate_uniqueid')).toEqual(['calldate', 'uniqueid']);
    expect(after.get('ondeck_linkedid_calldate')).toEqual(['linkedid', 'calldate']);
    expect(after.get('ondeck_src_calldate')).toEqual(['src', 'calldate']);
    expect(after.get('ondeck_cnum_calldate')).toEqual(['cnum', 'calldate']);
    expect(after.get('ondeck_did_calldate')).toEqual(['did', 'calldate']);
    await applyCdrIndexes(pool);
    expect(await indexesOf('cdr')).toEqual(after);
  });

  it('drops exactly its own indexes and leaves FreePBX\'s', async () => {
    await applyCdrIndexes(pool);
    await dropCdrIndexes(pool);
    expect([...(await indexesOf('cdr')).keys()].sort()).toEqual(['calldate', 'dst', 'linkedid', 'uniqueid']);
  });

  it('works on another table name and refuses one that is not a plain name', async () => {
    await pool.query(CDR_TABLE_SQL.replace('CREATE TABLE IF NOT EXISTS cdr', 'CREATE TABLE IF NOT EXISTS cdr_copy'));
    await applyCdrIndexes(pool, 'cdr_copy');
    expect((await indexesOf('cdr_copy')).has('ondeck_did_calldate')).toBe(true);
    await expect(applyCdrIndexes(pool, 'cdr; DROP TABLE cdr')).rejects.toThrow(/not a plain table name/);
  });
});
