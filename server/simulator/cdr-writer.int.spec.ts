import mysql from 'mysql2/promise';
import type { RowDataPacket } from 'mysql2/promise';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ManualClock } from './clock';
import { startCdrWriter } from './cdr-writer';
import { createWorld } from './simulator';

interface CdrRow extends RowDataPacket {
  src: string;
  dst: string;
  disposition: string;
  billsec: number;
  linkedid: string;
  uniqueid: string;
}

const database = `ondeck_test_sim_cdr_${Date.now()}_${Math.floor(Math.random() * 1e6)}`;
const server = { host: '127.0.0.1', port: 3306, user: 'root', password: '' };

beforeAll(async () => {
  const connection = await mysql.createConnection(server);
  await connection.query(`CREATE DATABASE \`${database}\``);
  await connection.end();
});

afterAll(async () => {
  const connection = await mysql.createConnection(server);
  await connection.query(`DROP DATABASE IF EXISTS \`${database}\``);
  await connection.end();
});

describe('CDR writer against MariaDB', () => {
  it('creates the cdr table and writes one row per finished record', async () => {
    const clock = new ManualClock();
    const { world, scenarios } = createWorld({ clock });
    const writer = await startCdrWriter(world, { connection: { ...server, database } });
    const call = scenarios.call('1001', '1002');
    clock.advance(1000);
    call.answer();
    clock.advance(5000);
    call.hangup('caller');
    scenarios.call('1003', '1001').busy();
    await writer.stop();
    const connection = await mysql.createConnection({ ...server, database });
    const [rows] = await connection.query<CdrRow[]>('SELECT src, dst, disposition, billsec, linkedid, uniqueid FROM cdr ORDER BY sequence');
    await connection.end();
    // Busy is two records, Dial's and the caller's Hangup() after it (busy capture).
    expect(rows.map((r) => [r.src, r.dst, r.disposition, r.billsec])).toEqual([
      ['1001', '1002', 'ANSWERED', 5],
      ['1003', '1001', 'BUSY', 0],
      ['1003', '1001', 'BUSY', 0],
    ]);
  });
});
