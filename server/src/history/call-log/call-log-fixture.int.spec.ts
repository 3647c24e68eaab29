import { randomBytes } from 'node:crypto';
import mysql from 'mysql2/promise';
import { CALL_DIRECTIONS, CALL_OUTCOMES, type CallLogEntry, type CallLogPage } from '@ondeck/shared';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CDR_FIXTURE_SCOPES, writeScenarioCdrs, type CdrFixtureCall } from '../../../test/cdr-fixture';
import { startTestServer, TEST_ADMIN, type TestServer } from '../../../test/harness';

/**
 * Every scenario the simulator knows, as CDR rows in MariaDB, through the REST call log: each
 * call's grouping, and two supervisors whose scopes never meet, whatever they ask for.
 */
const DAY = 'range=custom&from=2026-01-12&to=2026-01-12';

describe('call log on the simulator fixture', () => {
  let t: TestServer;
  let pool: mysql.Pool;
  let cdrDb: string;
  let calls: CdrFixtureCall[];
  let admin: string;
  let supA: string;
  let supB: string;

  const page = async (query: string, token: string): Promise<CallLogPage> => {
    const response = await t.api('GET', `/api/history/calls?${DAY}&limit=200&${query}`, { token });
    expect(response.status, query).toBe(200);
    return response.body as CallLogPage;
  };
  const newestFirst = (list: readonly CdrFixtureCall[]): string[] => [...list].sort((a, b) => b.start.getTime() - a.start.getTime()).map((call) => call.linkedid);

  beforeAll(async () => {
    cdrDb = `ondeck_test_cdrfix_${randomBytes(5).toString('hex')}`;
    const server = { host: '127.0.0.1', port: 3306, user: 'root', password: '' };
    const connection = await mysql.createConnection(server);
    await connection.query(`CREATE DATABASE \`${cdrDb}\``);
    await connection.end();
    pool = mysql.createPool({ ...server, database: cdrDb, timezone: 'Z' });
    calls = await writeScenarioCdrs(pool);
    // No HISTORY_TRUNKS here: the fixture's trunk must be recognised as the non-extension endpoint it is.
    t = await startTestServer({ domains: true, cdrDbName: cdrDb });
    admin = (await t.login(TEST_ADMIN.username, TEST_ADMIN.password)).accessToken;
    for (const [name, scope] of Object.entries(CDR_FIXTURE_SCOPES)) {
      await t.createUser({ username: `sup-${name}`, displayName: `Sup ${name}`, password: 'sup-password-123', role: 'supervisor', extension: null, scope: { extensions: [...scope.extensions], queues: [...scope.queues] } });
    }
    supA = (await t.login('sup-a', 'sup-password-123')).accessToken;
    supB = (await t.login('sup-b', 'sup-password-123')).accessToken;
  });

  afterAll(async () => {
    await t?.stop();
    await pool?.query(`DROP DATABASE IF EXISTS \`${cdrDb}\``);
    await pool?.end();
  });

  it('groups every scenario into one call with its direction, outcome, parties and durations', async () => {
    const { entries } = await page('', admin);
    expect(entries.map((entry) => entry.linkedid)).toEqual(newestFirst(calls));
    for (const call of calls) {
      const entry = entries.find((candidate) => candidate.linkedid === call.linkedid) as CallLogEntry;
      expect(
        {
          direction: entry.direction,
          outcome: entry.outcome,
          answeredBy: entry.answeredBy ?? undefined,
          queue: entry.queue ?? undefined,
          waitSeconds: entry.waitSeconds,
          talkSeconds: entry.talkSeconds,
          totalSeconds: entry.totalSeconds,
          legs: entry.legs.length,
        },
        call.scenario,
      ).toEqual(call.expected);
    }
  });

  it('direction and outcome filters give exactly the calls grouped that way', async () => {
    for (const outcome of CALL_OUTCOMES) {
      const { entries } = await page(`outcome=${outcome}`, admin);
      expect(entries.map((entry) => entry.linkedid), outcome).toEqual(newestFirst(calls.filter((call) => call.expected.outcome === outcome)));
    }
    for (const direction of CALL_DIRECTIONS) {
      const { entries } = await page(`direction=${direction}`, admin);
      expect(entries.map((entry) => entry.linkedid), direction).toEqual(newestFirst(calls.filter((call) => call.expected.direction === direction)));
    }
  });

  it('keyset pages of any size walk every call once', async () => {
    for (const limit of [1, 4, 7]) {
      const seen: string[] = [];
      let cursor: string | null = null;
      for (let guard = 0; guard < 40; guard += 1) {
        const response = await t.api('GET', `/api/history/calls?${DAY}&limit=${limit}${cursor ? `&cursor=${cursor}` : ''}`, { token: admin });
        const body = response.body as CallLogPage;
        seen.push(...body.entries.map((entry) => entry.linkedid));
        cursor = body.nextCursor;
        if (!cursor) break;
      }
      expect(seen, `limit ${limit}`).toEqual(newestFirst(calls));
    }
  });

  it('keyset pages over a narrowed set (a number, a queue, an agent) walk the same calls as one page', async () => {
    await t.createUser({ username: 'agent-1003', displayName: 'Agent', password: 'agent-password-123', role: 'agent', extension: '1003', scope: { extensions: [], queues: [] } });
    const agent = (await t.login('agent-1003', 'agent-password-123')).accessToken;
    for (const [filter, token] of [['number=1001', admin], ['queue=support', admin], ['number=1&match=prefix', admin], ['', agent], ['outcome=answered', agent]] as const) {
      const whole = (await page(filter, token)).entries.map((entry) => entry.linkedid);
      expect(whole.length, filter).toBeGreaterThan(1);
      const seen: string[] = [];
      let cursor: string | null = null;
      for (let guard = 0; guard < 40; guard += 1) {
        const response = await t.api('GET', `/api/history/calls?${DAY}&limit=1&${filter}${cursor ? `&cursor=${cursor}` : ''}`, { token });
        const body = response.body as CallLogPage;
        seen.push(...body.entries.map((entry) => entry.linkedid));
        cursor = body.nextCursor;
        if (!cursor) break;
      }
      expect(seen, filter).toEqual(whole);
    }
  });

  it('two supervisors never see each other\'s calls, whatever the filters, sort position or cursor', async () => {
    const inScope = (name: 'a' | 'b'): string[] => {
      const scope = CDR_FIXTURE_SCOPES[name];
      return newestFirst(calls.filter((call) => call.extensions.some((extension) => (scope.extensions as readonly string[]).includes(extension))));
    };
    expect(inScope('a').length).toBeGreaterThan(5);
    expect(inScope('b').length).toBeGreaterThan(2);
    expect((await page('', supA)).entries.map((entry) => entry.linkedid)).toEqual(inScope('a'));
    expect((await page('', supB)).entries.map((entry) => entry.linkedid)).toEqual(inScope('b'));
    const bCursor = (await t.api('GET', `/api/history/calls?${DAY}&limit=1`, { token: supB })).body as CallLogPage;
    const filters = ['number=2001', 'extension=2002', 'queue=sales', 'number=2&match=prefix', 'number=%2B1555&match=prefix', 'outcome=abandoned', `cursor=${bCursor.nextCursor ?? ''}`];
    for (const filter of filters) {
      const ids = (await page(filter, supA)).entries.map((entry) => entry.linkedid);
      for (const id of ids) expect(inScope('a'), `${filter} gave ${id}`).toContain(id);
    }
    for (const call of calls.filter((candidate) => !inScope('b').includes(candidate.linkedid))) {
      expect((await t.api('GET', `/api/history/calls/${call.linkedid}`, { token: supB })).status, call.scenario).toBe(404);
    }
  });
});
