import { randomBytes } from 'node:crypto';
import { mkdirSync, mkdtempSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import mysql from 'mysql2/promise';
import type { CallLogEntry, CallLogPage, RecordingLink } from '@ondeck/shared';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ManualClock } from '../../../simulator/clock';
import type { CdrRecord } from '../../../simulator/cdr-records';
import { CDR_COLUMNS, CDR_TABLE_SQL, cdrRowValues } from '../../../simulator/cdr-writer';
import { createWorld } from '../../../simulator/simulator';
import { startTestServer, TEST_ADMIN, type TestServer } from '../../../test/harness';

/**
 * The call log end to end: rows the simulator writes for its scenarios, in a real MariaDB CDR
 * table, read through the REST API by an admin, a supervisor and an agent.
 */
/** Calls from 01:00 UTC today (the harness's history zone is UTC), so "today" holds them whenever the test runs. */
const TODAY = new Date().toISOString().slice(0, 10);
const START = Date.parse(`${TODAY}T01:00:00Z`);
const FOLDER = TODAY.replaceAll('-', '/');

interface Made {
  rows: CdrRecord[];
  /** linkedid by scenario name */
  ids: Record<string, string>;
}

function makeCalls(): Made {
  const clock = new ManualClock(START);
  const { world, scenarios } = createWorld({ clock, extensions: ['1001', '1002', '1003', '2001', '2002'], queues: { support: ['1002'] } });
  const rows: CdrRecord[] = [];
  world.cdrListeners.add((row) => rows.push(row));
  const ids: Record<string, string> = {};
  const linkedidOfLast = (): string => rows.at(-1)?.linkedid ?? '';
  const gap = (): void => clock.advance(10 * 60_000);

  const a = scenarios.call('1001', '1002');
  clock.advance(3000);
  a.answer();
  clock.advance(30_000);
  a.hangup('callee');
  ids.answered = linkedidOfLast();
  gap();

  scenarios.call('1003', '1001').busy();
  ids.busy = linkedidOfLast();
  gap();

  const inbound = scenarios.inbound('0612345678', '1002');
  clock.advance(5000);
  inbound.answer();
  clock.advance(60_000);
  inbound.hangup('caller');
  ids.inbound = linkedidOfLast();
  gap();

  const queued = scenarios.queueCall('0698765432', 'support', { trunk: true });
  clock.advance(8000);
  queued.answer('1002');
  clock.advance(45_000);
  queued.hangup('caller');
  ids.queueAnswered = linkedidOfLast();
  gap();

  const abandoned = scenarios.queueCall('1003', 'support');
  clock.advance(20_000);
  abandoned.abandon();
  ids.abandoned = linkedidOfLast();
  gap();

  const recorded = scenarios.call('2001', '2002');
  clock.advance(2000);
  recorded.answer();
  clock.advance(12_000);
  recorded.hangup('caller');
  ids.recorded = linkedidOfLast();
  return { rows, ids };
}

const RECORDING = `exten-2002-2001-${TODAY.replaceAll('-', '')}-015000-rec.wav`;
const WAV = Buffer.concat([Buffer.from('RIFF'), Buffer.alloc(4), Buffer.from('WAVE'), Buffer.from(Array.from({ length: 88 }, (_, i) => i))]);

describe('call log over the CDR table', () => {
  let t: TestServer;
  let made: Made;
  let cdrDb: string;
  let root: string;
  let adminToken: string;
  let supToken: string;
  let agentToken: string;
  let pool: mysql.Pool;

  const get = async <T>(path: string, token: string): Promise<{ status: number; body: T; headers: Headers }> => {
    const response = await t.api('GET', path, { token });
    return { status: response.status, body: response.body as T, headers: response.headers };
  };
  const DAY = `range=custom&from=${TODAY}&to=${TODAY}`;
  const ids = (page: CallLogPage): string[] => page.entries.map((entry) => entry.linkedid);

  beforeAll(async () => {
    made = makeCalls();
    // The recorded call names its file in the CDR, as FreePBX's recording does.
    for (const row of made.rows) if (row.linkedid === made.ids.recorded && row.dstchannel !== '') row.recordingfile = RECORDING;
    cdrDb = `ondeck_test_cdr_${randomBytes(5).toString('hex')}`;
    const server = { host: '127.0.0.1', port: 3306, user: 'root', password: '' };
    const admin = await mysql.createConnection(server);
    await admin.query(`CREATE DATABASE \`${cdrDb}\``);
    await admin.end();
    pool = mysql.createPool({ ...server, database: cdrDb, timezone: 'Z' });
    await pool.query(CDR_TABLE_SQL);
    await pool.query(`INSERT INTO cdr (${CDR_COLUMNS.join(', ')}) VALUES ?`, [made.rows.map(cdrRowValues)]);

    root = mkdtempSync(join(tmpdir(), 'ondeck-recordings-'));
    mkdirSync(join(root, FOLDER), { recursive: true });
    writeFileSync(join(root, FOLDER, RECORDING), WAV);
    const outside = mkdtempSync(join(tmpdir(), 'ondeck-outside-'));
    writeFileSync(join(outside, 'secret.wav'), 'not yours');
    symlinkSync(join(outside, 'secret.wav'), join(root, FOLDER, 'escape.wav'));

    t = await startTestServer({ domains: true, cdrDbName: cdrDb, recordingsDir: root });
    adminToken = (await t.login(TEST_ADMIN.username, TEST_ADMIN.password)).accessToken;
    await t.createUser({ username: 'sup2k', displayName: 'Sup 2000s', password: 'sup-password-123', role: 'supervisor', extension: null, scope: { extensions: ['2001', '2002'], queues: [] } });
    supToken = (await t.login('sup2k', 'sup-password-123')).accessToken;
    await t.createUser({ username: 'agent1003', displayName: 'Agent 1003', password: 'agent-password-123', role: 'agent', extension: '1003', scope: { extensions: ['1001'], queues: ['support'] } });
    agentToken = (await t.login('agent1003', 'agent-password-123')).accessToken;
  });

  afterAll(async () => {
    await t?.stop();
    await pool?.query(`DROP DATABASE IF EXISTS \`${cdrDb}\``);
    await pool?.end();
  });

  it('groups legs into calls, newest first, with direction, outcome, parties and durations', async () => {
    const { status, body } = await get<CallLogPage>(`/api/history/calls?${DAY}`, adminToken);
    expect(status).toBe(200);
    const { ids: byName } = made;
    expect(ids(body)).toEqual([byName.recorded, byName.abandoned, byName.queueAnswered, byName.inbound, byName.busy, byName.answered]);
    const entry = (name: string): CallLogEntry => body.entries.find((e) => e.linkedid === byName[name]) as CallLogEntry;
    expect(entry('answered')).toMatchObject({ direction: 'internal', outcome: 'answered', from: { number: '1001' }, to: '1002', answeredBy: '1002', talkSeconds: 30, totalSeconds: 33 });
    expect(entry('answered').waitSeconds).toBe(3);
    expect(entry('answered').legs).toEqual([expect.objectContaining({ party: '1002', happened: 'answered', ringSeconds: 3, talkSeconds: 30 })]);
    expect(entry('busy')).toMatchObject({ outcome: 'busy', answeredBy: null, talkSeconds: 0 });
    expect(entry('inbound')).toMatchObject({ direction: 'inbound', outcome: 'answered', from: { number: '0612345678' }, answeredBy: '1002' });
    expect(entry('queueAnswered')).toMatchObject({ direction: 'inbound', queue: 'support', outcome: 'answered', answeredBy: '1002' });
    expect(entry('abandoned')).toMatchObject({ queue: 'support', outcome: 'abandoned', answeredBy: null });
    expect(entry('recorded').recordings).toEqual([{ index: 0, name: RECORDING, source: 'pbx', available: true, playable: true }]);
    expect(body.nextCursor).toBeNull();
  });

  it('pages by keyset: every call once, in order, whatever the page size', async () => {
    const all: string[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const query: string = `${DAY}&limit=2${cursor ? `&cursor=${cursor}` : ''}`;
      const { status, body } = await get<CallLogPage>(`/api/history/calls?${query}`, adminToken);
      expect(status).toBe(200);
      expect(body.entries.length).toBeLessThanOrEqual(2);
      all.push(...ids(body));
      cursor = body.nextCursor;
      pages += 1;
    } while (cursor && pages < 10);
    expect(pages).toBe(3);
    const { ids: n } = made;
    expect(all).toEqual([n.recorded, n.abandoned, n.queueAnswered, n.inbound, n.busy, n.answered]);
  });

  it('filters by number (exact, prefix), direction, outcome, extension, queue, duration and recording', async () => {
    const { ids: n } = made;
    const list = async (filter: string): Promise<string[]> => {
      const { status, body } = await get<CallLogPage>(`/api/history/calls?${DAY}&${filter}`, adminToken);
      expect(status, filter).toBe(200);
      return ids(body);
    };
    expect(await list('number=0612345678')).toEqual([n.inbound]);
    expect(await list('number=06&match=prefix')).toEqual([n.queueAnswered, n.inbound]);
    // 1002 rang for the abandoned queue call too: every party counts.
    expect(await list('number=1002')).toEqual([n.abandoned, n.queueAnswered, n.inbound, n.answered]);
    expect(await list('direction=inbound')).toEqual([n.queueAnswered, n.inbound]);
    expect(await list('outcome=busy')).toEqual([n.busy]);
    expect(await list('outcome=abandoned')).toEqual([n.abandoned]);
    expect(await list('extension=1003')).toEqual([n.abandoned, n.busy]);
    expect(await list('queue=support')).toEqual([n.abandoned, n.queueAnswered]);
    expect(await list('minDuration=40')).toEqual([n.queueAnswered, n.inbound]);
    expect(await list('hasRecording=true')).toEqual([n.recorded]);
    expect(await list('hasRecording=false')).not.toContain(n.recorded);
    // An underscore is a LIKE wildcard: taken literally, it matches no queue here.
    expect(await list('queue=suppor_')).toEqual([]);
  });

  it('a supervisor and an agent get only their calls, whatever the filters or cursor', async () => {
    const { ids: n } = made;
    const sup = await get<CallLogPage>(`/api/history/calls?${DAY}`, supToken);
    expect(ids(sup.body)).toEqual([n.recorded]);
    const agent = await get<CallLogPage>(`/api/history/calls?${DAY}`, agentToken);
    // Only the agent's own extension: the scope an admin gave (1001, support) is a supervisor's idea.
    expect(ids(agent.body)).toEqual([n.abandoned, n.busy]);
    for (const filter of ['number=1001', 'extension=1001', 'queue=support&outcome=answered', 'number=1&match=prefix', 'direction=inbound']) {
      const page = await get<CallLogPage>(`/api/history/calls?${DAY}&${filter}`, supToken);
      expect(ids(page.body), filter).toEqual([]);
    }
    // A forged cursor pointing anywhere is only a position: scope still applies.
    const forged = Buffer.from(`2026-12-31 00:00:00|99999999999.999`).toString('base64url');
    const page = await get<CallLogPage>(`/api/history/calls?${DAY}&cursor=${forged}`, supToken);
    expect(page.status).toBe(200);
    expect(ids(page.body)).toEqual([n.recorded]);
    // One call by id: out of scope is the same 404 as a call that does not exist.
    expect((await get(`/api/history/calls/${n.answered}`, supToken)).status).toBe(404);
    expect((await get('/api/history/calls/1234567890.999', supToken)).status).toBe(404);
    expect((await get<CallLogEntry>(`/api/history/calls/${n.recorded}`, supToken)).body.linkedid).toBe(n.recorded);
    expect((await get(`/api/history/calls/${n.answered}/quality`, agentToken)).status).toBe(404);
  });

  it('answers bad input with a 400 naming the field, never a 500', async () => {
    const cases: Array<[string, string]> = [
      ["number=1001' OR '1'='1", 'number'],
      ['number=%25', 'number'],
      ['number=1001;DROP TABLE cdr', 'number'],
      ['extension=1001%25', 'extension'],
      ['queue=a%27b', 'queue'],
      ['outcome=won', 'outcome'],
      ['direction=sideways', 'direction'],
      ['range=forever', 'range'],
      ['range=custom&from=2026-12-08&to=2026-12-01', 'to'],
      ['range=custom&from=2026-02-30&to=2026-03-01', 'from'],
      ['range=custom&from=1900-01-01&to=2026-01-01', 'to'],
      ['range=custom&from=yesterday&to=2026-01-01', 'from'],
      ['limit=0', 'limit'],
      ['limit=100000', 'limit'],
      ['minDuration=-5', 'minDuration'],
      ['hasRecording=maybe', 'hasRecording'],
      ['cursor=%27%3B--', 'cursor'],
      [`cursor=${Buffer.from('not|a|cursor').toString('base64url')}`, 'cursor'],
      ['number=1&number=2', 'number'],
    ];
    for (const [query, field] of cases) {
      const { status, body } = await get<{ error: { fields?: Record<string, string> } }>(`/api/history/calls?${query}`, adminToken);
      expect(status, query).toBe(400);
      expect(Object.keys(body.error.fields ?? {}), query).toEqual([field]);
    }
    // Quotes and percent signs in an otherwise valid search never reach SQL as syntax.
    expect((await get<CallLogPage>(`/api/history/calls?${DAY}&number=%2B4930`, adminToken)).status).toBe(200);
  });

  it('exports the filtered log as CSV, scoped like the page', async () => {
    const response = await fetch(`${t.url}/api/history/calls/csv?${DAY}`, { headers: { Authorization: `Bearer ${adminToken}` } });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toContain('text/csv');
    const lines = (await response.text()).trim().split('\r\n');
    expect(lines[0]).toMatch(/^start,end,direction,from_number/);
    expect(lines).toHaveLength(7);
    const scoped = await fetch(`${t.url}/api/history/calls/csv?${DAY}`, { headers: { Authorization: `Bearer ${supToken}` } });
    const scopedLines = (await scoped.text()).trim().split('\r\n');
    expect(scopedLines).toHaveLength(2);
    expect(scopedLines[1]).toContain(made.ids.recorded);
  });

  describe('recordings', () => {
    const linkFor = async (token: string): Promise<{ status: number; body: RecordingLink }> => get<RecordingLink>(`/api/history/calls/${made.ids.recorded}/recordings/0/link`, token);

    it('plays through a short-lived signed link with Range support', async () => {
      const { status, body } = await linkFor(supToken);
      expect(status).toBe(200);
      expect(body.url).not.toContain(supToken);
      expect(body.contentType).toBe('audio/wav');
      expect(new Date(body.expiresAt).getTime() - t.clock.now()).toBeLessThanOrEqual(10 * 60_000);
      const full = await fetch(t.url + body.url);
      expect(full.status).toBe(200);
      expect(full.headers.get('content-type')).toBe('audio/wav');
      expect(full.headers.get('accept-ranges')).toBe('bytes');
      expect(Buffer.from(await full.arrayBuffer())).toEqual(WAV);
      const first = await fetch(t.url + body.url, { headers: { Range: 'bytes=0-3' } });
      expect(first.status).toBe(206);
      expect(first.headers.get('content-range')).toBe(`bytes 0-3/${WAV.length}`);
      expect(Buffer.from(await first.arrayBuffer()).toString()).toBe('RIFF');
      const middle = await fetch(t.url + body.url, { headers: { Range: 'bytes=8-11' } });
      expect(Buffer.from(await middle.arrayBuffer()).toString()).toBe('WAVE');
      const suffix = await fetch(t.url + body.url, { headers: { Range: 'bytes=-2' } });
      expect(suffix.status).toBe(206);
      expect([...Buffer.from(await suffix.arrayBuffer())]).toEqual([86, 87]);
      const invalid = await fetch(t.url + body.url, { headers: { Range: `bytes=${WAV.length + 10}-` } });
      expect(invalid.status).toBe(416);
      expect(invalid.headers.get('content-range')).toBe(`bytes */${WAV.length}`);
      const download = await fetch(`${t.url}${body.url}&download=1`);
      expect(download.headers.get('content-disposition')).toContain('attachment');
    });

    it('refuses a tampered, foreign or out-of-scope link without saying whether the call exists', async () => {
      expect((await linkFor(agentToken)).status).toBe(404);
      const { body } = await linkFor(supToken);
      const url = new URL(t.url + body.url);
      const tampered = new URL(url);
      tampered.searchParams.set('u', '1');
      expect((await fetch(tampered)).status).toBe(404);
      const otherFile = new URL(url.toString().replace(encodeURIComponent(RECORDING), 'escape.wav'));
      expect((await fetch(otherFile)).status).toBe(404);
      for (const file of ['..%2F..%2Fetc%2Fpasswd', '%252e%252e%252fetc', '%2e%2e%2f', 'a%00.wav']) {
        const probe = new URL(`${t.url}/api/history/recordings/${made.ids.recorded}/${file}?u=1&e=${t.clock.now() + 60_000}&s=${url.searchParams.get('s')}`);
        expect((await fetch(probe)).status, file).toBe(404);
      }
      const noSignature = await fetch(`${t.url}/api/history/recordings/${made.ids.recorded}/${RECORDING}`);
      expect(noSignature.status).toBe(404);
      // Out of time: the same link a little later.
      t.clock.advance(6 * 60_000);
      const expired = await fetch(url);
      expect(expired.status).toBe(404);
      expect(await expired.text()).toMatch(/expired/);
    });

    it('says "recording not found" for a missing file and never reads outside the root', async () => {
      const { ids: n } = made;
      // Rows whose recordingfile is missing, escapes the root, or is a symlink pointing outside it.
      for (const [linkedid, file] of [
        [n.answered, 'missing-20261207.wav'],
        [n.busy, '../../etc/passwd'],
        [n.inbound, 'escape.wav'],
        [n.abandoned, '%2e%2e%2fescape.wav'],
      ] as const) {
        await pool.query('UPDATE cdr SET recordingfile = ? WHERE linkedid = ?', [file, linkedid]);
      }
      try {
        const { body } = await get<CallLogPage>(`/api/history/calls?${DAY}`, adminToken);
        for (const name of ['answered', 'busy', 'inbound', 'abandoned']) {
          const entry = body.entries.find((e) => e.linkedid === n[name]) as CallLogEntry;
          expect(entry.recordings, name).toEqual([expect.objectContaining({ available: false, playable: false })]);
          const link = await get<{ error: { message: string } }>(`/api/history/calls/${n[name]}/recordings/0/link`, adminToken);
          expect(link.status, name).toBe(404);
          expect(link.body.error.message).toMatch(/recording not found/i);
        }
      } finally {
        await pool.query("UPDATE cdr SET recordingfile = '' WHERE linkedid IN (?)", [[n.answered, n.busy, n.inbound, n.abandoned]]);
      }
    });
  });

  it('reports are for supervisors and admins, scoped like the log', async () => {
    const volume = await get<{ report: string; rows: Array<{ answered: number; missed: number }> }>(`/api/reports/volume?${DAY}`, adminToken);
    expect(volume.status).toBe(200);
    const total = volume.body.rows.reduce((sum, row) => sum + row.answered + row.missed, 0);
    expect(total).toBe(6);
    const scoped = await get<{ rows: Array<{ answered: number; missed: number }> }>(`/api/reports/volume?${DAY}`, supToken);
    expect(scoped.body.rows.reduce((sum, row) => sum + row.answered + row.missed, 0)).toBe(1);
    expect((await get(`/api/reports/volume?${DAY}`, agentToken)).status).toBe(403);
    const csv = await fetch(`${t.url}/api/reports/queues/csv?${DAY}`, { headers: { Authorization: `Bearer ${adminToken}` } });
    expect(csv.status).toBe(200);
    expect(await csv.text()).toContain('support');
  });
});

describe('call log without a readable CDR database', () => {
  let t: TestServer;
  beforeAll(async () => {
    t = await startTestServer({ domains: true, cdrDbName: `ondeck_test_absent_${randomBytes(4).toString('hex')}` });
  });
  afterAll(async () => t?.stop());

  it('says so in words with a 503, for the page and the export', async () => {
    const token = (await t.login(TEST_ADMIN.username, TEST_ADMIN.password)).accessToken;
    const page = await t.api('GET', '/api/history/calls', { token });
    expect(page.status).toBe(503);
    expect(JSON.stringify(page.body)).toMatch(/cannot read the PBX's call records/);
    const csv = await t.api('GET', '/api/history/calls/csv', { token });
    expect(csv.status).toBe(503);
  });
});
