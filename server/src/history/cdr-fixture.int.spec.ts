/**
 * The simulator's CDR fixture end to end on MariaDB: every scenario written through the real
 * CDR writer into FreePBX's cdr table, read back with SELECT *, grouped by groupCalls, and each
 * call's summary checked against what the scenario did.
 */
import { randomBytes } from 'node:crypto';
import type { RowDataPacket } from 'mysql2/promise';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CDR_FIXTURE_RULES, CDR_FIXTURE_SCOPES, CDR_FIXTURE_START, writeScenarioCdrs, type CdrFixtureCall } from '../../test/cdr-fixture';
import type { DbConfig } from '../config';
import { createPool, dropDatabase, ensureDatabase, type Pool } from '../db/pool';
import type { CdrRow } from './cdr-row';
import { groupCalls, type CallSummary } from './call-grouping';

// Named ondeck_test_* like every suite database: scripts/test.sh may grant only those.
const db: DbConfig = {
  host: process.env.DB_HOST ?? '127.0.0.1',
  port: Number(process.env.DB_PORT ?? 3306),
  user: process.env.DB_USER ?? 'root',
  password: process.env.DB_PASSWORD ?? '',
  name: `ondeck_test_cdr_fixture_${randomBytes(5).toString('hex')}`,
};

type CdrDbRow = RowDataPacket & CdrRow;

const text = (value: unknown): string => (typeof value === 'string' ? value : '');
const count = (value: unknown): number => (typeof value === 'number' ? value : Number(value ?? 0));

/** A cdr row as mysql2 returns it (DATETIME as a UTC Date, INT as number). */
function rowFromDb(row: CdrDbRow): CdrRow {
  if (!(row.calldate instanceof Date)) throw new Error('calldate must come back as a Date');
  return {
    calldate: row.calldate,
    clid: text(row.clid), src: text(row.src), dst: text(row.dst), dcontext: text(row.dcontext),
    channel: text(row.channel), dstchannel: text(row.dstchannel), lastapp: text(row.lastapp), lastdata: text(row.lastdata),
    duration: count(row.duration), billsec: count(row.billsec), disposition: text(row.disposition), amaflags: count(row.amaflags),
    accountcode: text(row.accountcode), uniqueid: text(row.uniqueid), userfield: text(row.userfield), did: text(row.did),
    recordingfile: text(row.recordingfile), cnum: text(row.cnum), cnam: text(row.cnam), outbound_cnum: text(row.outbound_cnum),
    outbound_cnam: text(row.outbound_cnam), dst_cnam: text(row.dst_cnam), linkedid: text(row.linkedid),
    peeraccount: text(row.peeraccount), sequence: count(row.sequence),
  };
}

const ofCall = (summary: CallSummary) => ({
  direction: summary.direction,
  outcome: summary.outcome,
  answeredBy: summary.answeredBy,
  queue: summary.queue,
  waitSeconds: summary.waitSeconds,
  talkSeconds: summary.talkSeconds,
  totalSeconds: summary.totalSeconds,
  legs: summary.legs.length,
});

describe('CDR fixture of every simulator scenario, on MariaDB', () => {
  let pool: Pool;
  let fixture: CdrFixtureCall[];
  let rows: CdrRow[];
  let calls: CallSummary[];

  beforeAll(async () => {
    await ensureDatabase(db);
    pool = createPool(db);
    fixture = await writeScenarioCdrs(pool);
    const [result] = await pool.query<CdrDbRow[]>('SELECT * FROM cdr');
    rows = result.map(rowFromDb);
    calls = groupCalls(rows, CDR_FIXTURE_RULES);
  });
  afterAll(async () => {
    await pool?.end();
    await dropDatabase(db);
  });

  it('wrote every row the scenarios produced and one call per scenario, in start order', () => {
    expect(rows).toHaveLength(fixture.reduce((sum, call) => sum + call.rows, 0));
    expect(calls.map((call) => call.linkedid)).toEqual(fixture.map((call) => call.linkedid));
    expect(calls.map((call) => call.start)).toEqual(fixture.map((call) => call.start));
    expect(fixture[0]?.start).toEqual(CDR_FIXTURE_START);
  });

  it('covers the outcomes and directions the call log shows', () => {
    expect(new Set(fixture.map((call) => call.expected.outcome))).toEqual(new Set(['answered', 'busy', 'no_answer', 'failed', 'abandoned', 'voicemail']));
    expect(new Set(fixture.map((call) => call.expected.direction))).toEqual(new Set(['internal', 'inbound', 'outbound']));
  });

  it('groups each call to the summary its scenario implies', () => {
    const byLinkedid = new Map(calls.map((call) => [call.linkedid, call]));
    const actual = fixture.map((call) => {
      const summary = byLinkedid.get(call.linkedid);
      return { scenario: call.scenario, ...(summary ? ofCall(summary) : {}) };
    });
    expect(actual).toEqual(fixture.map((call) => ({ scenario: call.scenario, ...call.expected })));
  });

  it('keeps the two extension sets apart: no call of 1001-1003 touches 2001-2002 or the other way round', () => {
    for (const call of fixture) {
      const callRows = rows.filter((row) => row.linkedid === call.linkedid);
      // Extensions on channels (PJSIP/1001-…, Local/1001@…) and dialled ones (1003, *1002 voicemail).
      const onChannels = callRows.flatMap((row) => [row.channel, row.dstchannel]).map((channel) => /^(?:PJSIP|Local)\/([12]\d{3})\b/.exec(channel)?.[1]);
      const dialled = callRows.map((row) => /^\*?([12]\d{3})$/.exec(row.dst)?.[1]);
      const seen = new Set([...onChannels, ...dialled].filter((ext) => ext !== undefined));
      expect([...seen].sort()).toEqual(call.extensions);
    }
    const scopeOf = (ext: string): string | undefined =>
      Object.entries(CDR_FIXTURE_SCOPES).find(([, scope]) => (scope.extensions as readonly string[]).includes(ext))?.[0];
    for (const call of fixture) expect(new Set(call.extensions.map(scopeOf)).size, call.scenario).toBe(1);
    const queuesOf = (scope: keyof typeof CDR_FIXTURE_SCOPES): readonly string[] => CDR_FIXTURE_SCOPES[scope].queues;
    const queued = fixture.filter((call) => call.expected.queue !== undefined);
    expect(queued.every((call) => queuesOf(call.extensions.some((ext) => ext.startsWith('2')) ? 'b' : 'a').includes(call.expected.queue ?? ''))).toBe(true);
    // Both scopes have calls of their own to see.
    expect(new Set(fixture.flatMap((call) => call.extensions.map(scopeOf)))).toEqual(new Set(['a', 'b']));
  });

  it('writes the same rows again for the same start (deterministic)', async () => {
    const again = `${db.name}_again`;
    await ensureDatabase({ ...db, name: again });
    const other = createPool({ ...db, name: again });
    try {
      const second = await writeScenarioCdrs(other);
      const [result] = await other.query<CdrDbRow[]>('SELECT * FROM cdr ORDER BY sequence');
      const [first] = await pool.query<CdrDbRow[]>('SELECT * FROM cdr ORDER BY sequence');
      expect(second).toEqual(fixture);
      expect(result.map(rowFromDb)).toEqual(first.map(rowFromDb));
    } finally {
      await other.end();
      await dropDatabase({ ...db, name: again });
    }
  });
});
