import { Readable } from 'node:stream';
import type { Pool, RowDataPacket } from 'mysql2/promise';
import { groupCalls, type CdrRow } from '../../src/history';
import { ReportsService } from '../../src/history/reports';

/**
 * What the call-log benchmark measures, behind one small interface so the bench's table does not
 * depend on how the call log is wired.
 *
 * PLACEHOLDER until the call log's repository and service are on main: the SQL here has the
 * shapes of the integrator's CdrRepository (first legs `uniqueid = linkedid` walked newest first by
 * (calldate, uniqueid), filters as EXISTS over the call's legs by linkedid, a number search that
 * first collects the few matching calls through the per-column indexes, whole calls' legs by
 * linkedid). The report runs through the real ReportsService over this source.
 */
export interface LogFilters {
  from: Date;
  to: Date;
  number?: { value: string; match: 'exact' | 'prefix' };
  queue?: string;
  scope?: { extensions: readonly string[]; queues: readonly string[] };
  cursor?: { calldate: string; uniqueid: string } | null;
}

export interface CallLogUnderTest {
  /** One page of 50 calls, with their legs grouped; resolves to the number of calls on it. */
  page(filters: LogFilters): Promise<number>;
  /** The keyset cursor that starts page `page` (1 = the first). */
  cursorOfPage(page: number, filters: LogFilters): Promise<LogFilters['cursor']>;
  /** The volume report over the range; resolves to the number of calls in it. */
  report(from: Date, to: Date): Promise<number>;
  /** The range as CSV, one line per call. */
  exportCsv(from: Date, to: Date): Readable;
  /** A caller's number from the range, for the number searches. */
  someInboundNumber(from: Date, to: Date): Promise<string>;
}

const PAGE = 50;
const RULES = { extension: /^\d{3,5}$/, trunkNames: ['trunk'] };
const wallClock = (date: Date): string => date.toISOString().slice(0, 19).replace('T', ' ');
const like = (value: string): string => value.replace(/[\\%_]/g, (c) => `\\${c}`);

interface Fragment {
  sql: string;
  params: Array<string | number>;
}

function involves(alias: string, parties: readonly string[], prefix: boolean): Fragment {
  const parts: Fragment[] = [];
  for (const column of ['src', 'cnum', 'dst', 'did']) {
    if (prefix) parts.push(...parties.map((p) => ({ sql: `${alias}.${column} LIKE ?`, params: [`${like(p)}%`] })));
    else parts.push({ sql: `${alias}.${column} IN (${parties.map(() => '?').join(', ')})`, params: [...parties] });
  }
  for (const column of ['channel', 'dstchannel']) {
    for (const party of parties) {
      parts.push({ sql: `${alias}.${column} LIKE ?`, params: [`PJSIP/${like(party)}${prefix ? '%' : '-%'}`] });
      parts.push({ sql: `${alias}.${column} LIKE ?`, params: [`Local/${like(party)}${prefix ? '%' : '@%'}`] });
    }
  }
  return { sql: `(${parts.map((p) => p.sql).join(' OR ')})`, params: parts.flatMap((p) => p.params) };
}

function inQueues(alias: string, queues: readonly string[]): Fragment {
  return { sql: `(${alias}.lastapp = 'Queue' AND ${alias}.lastdata IN (${queues.map(() => '?').join(', ')}))`, params: [...queues] };
}

function exists(alias: string, condition: Fragment): Fragment {
  return { sql: `EXISTS (SELECT 1 FROM cdr ${alias} WHERE ${alias}.linkedid = a.linkedid AND ${condition.sql})`, params: condition.params };
}

function legFromRow(row: RowDataPacket): CdrRow {
  const text = (value: unknown): string => (typeof value === 'string' ? value : typeof value === 'number' ? String(value) : '');
  return {
    calldate: new Date(`${text(row.calldate).replace(' ', 'T')}Z`),
    clid: text(row.clid), src: text(row.src), dst: text(row.dst), dcontext: text(row.dcontext), channel: text(row.channel),
    dstchannel: text(row.dstchannel), lastapp: text(row.lastapp), lastdata: text(row.lastdata), duration: Number(row.duration),
    billsec: Number(row.billsec), disposition: text(row.disposition), amaflags: Number(row.amaflags), accountcode: text(row.accountcode),
    uniqueid: text(row.uniqueid), userfield: text(row.userfield), did: text(row.did), recordingfile: text(row.recordingfile),
    cnum: text(row.cnum), cnam: text(row.cnam), outbound_cnum: text(row.outbound_cnum), outbound_cnam: text(row.outbound_cnam),
    dst_cnam: text(row.dst_cnam), linkedid: text(row.linkedid), peeraccount: text(row.peeraccount), sequence: Number(row.sequence),
  };
}

export function callLogUnderTest(pool: Pool): CallLogUnderTest {
  const anchors = async (filters: LogFilters, limit: number): Promise<Array<{ linkedid: string; uniqueid: string; calldate: string }>> => {
    const conditions: Fragment[] = [
      { sql: 'a.uniqueid = a.linkedid AND a.calldate >= ? AND a.calldate < ?', params: [wallClock(filters.from), wallClock(filters.to)] },
      { sql: 'NOT EXISTS (SELECT 1 FROM cdr e WHERE e.uniqueid = a.uniqueid AND (e.calldate < a.calldate OR (e.calldate = a.calldate AND e.sequence < a.sequence)))', params: [] },
    ];
    if (filters.cursor) conditions.push({ sql: '(a.calldate < ? OR (a.calldate = ? AND a.uniqueid < ?))', params: [filters.cursor.calldate, filters.cursor.calldate, filters.cursor.uniqueid] });
    let narrowing: Fragment | undefined;
    if (filters.number) narrowing = involves('m', [filters.number.value], filters.number.match === 'prefix');
    if (filters.scope) {
      const scoped: Fragment = { sql: `(${involves('s', filters.scope.extensions, false).sql} OR ${inQueues('s', filters.scope.queues).sql})`, params: [...involves('s', filters.scope.extensions, false).params, ...inQueues('s', filters.scope.queues).params] };
      conditions.push(exists('s', scoped));
    }
    if (filters.queue) conditions.push(exists('q', inQueues('q', [filters.queue])));
    if (narrowing) {
      const [matches] = await pool.query<RowDataPacket[]>(
        `SELECT DISTINCT m.linkedid FROM cdr m WHERE m.calldate >= ? AND m.calldate < ? AND ${narrowing.sql} LIMIT 2001`,
        [wallClock(filters.from), wallClock(new Date(filters.to.getTime() + 86_400_000)), ...narrowing.params],
      );
      if (matches.length <= 2000) {
        if (matches.length === 0) return [];
        conditions.push({ sql: `a.linkedid IN (${matches.map(() => '?').join(', ')})`, params: matches.map((m) => String(m.linkedid)) });
      } else conditions.push(exists('n', { sql: narrowing.sql.replaceAll('m.', 'n.'), params: narrowing.params }));
    }
    const [rows] = await pool.query<RowDataPacket[]>(
      `SELECT a.linkedid, a.uniqueid, a.calldate FROM cdr a WHERE ${conditions.map((c) => c.sql).join(' AND ')} ORDER BY a.calldate DESC, a.uniqueid DESC LIMIT ?`,
      [...conditions.flatMap((c) => c.params), limit],
    );
    return rows.map((row) => ({ linkedid: String(row.linkedid), uniqueid: String(row.uniqueid), calldate: String(row.calldate) }));
  };
  const legsOf = async (linkedids: readonly string[]): Promise<CdrRow[]> => {
    if (linkedids.length === 0) return [];
    const [rows] = await pool.query<RowDataPacket[]>(`SELECT * FROM cdr WHERE linkedid IN (${linkedids.map(() => '?').join(', ')}) ORDER BY calldate, sequence`, [...linkedids]);
    return rows.map(legFromRow);
  };
  const reports = new ReportsService(
    {
      legsOfCallsBetween: async (from, to) => {
        const [rows] = await pool.query<RowDataPacket[]>(
          'SELECT c.* FROM cdr a JOIN cdr c ON c.linkedid = a.linkedid WHERE a.uniqueid = a.linkedid AND a.calldate >= ? AND a.calldate < ?',
          [wallClock(from), wallClock(to)],
        );
        return rows.map(legFromRow);
      },
    },
    { rules: RULES, timeZone: 'UTC' },
  );
  return {
    async page(filters) {
      const found = await anchors(filters, PAGE + 1);
      const calls = groupCalls(await legsOf(found.slice(0, PAGE).map((a) => a.linkedid)), RULES);
      return calls.length;
    },
    async cursorOfPage(page, filters) {
      let cursor: LogFilters['cursor'] = null;
      for (let i = 1; i < page; i += 1) {
        const found = await anchors({ ...filters, cursor }, PAGE);
        const last = found.at(-1);
        if (!last) break;
        cursor = { calldate: last.calldate, uniqueid: last.uniqueid };
      }
      return cursor;
    },
    async report(from, to) {
      const data = await reports.report({ report: 'volume', from, to, bucket: 'day' }, { all: true });
      return data.report === 'volume' ? data.rows.reduce((sum, row) => sum + row.answered + row.missed, 0) : 0;
    },
    exportCsv(from, to) {
      async function* lines(): AsyncGenerator<string> {
        yield 'start,direction,outcome,from,to,wait,talk\r\n';
        let cursor: LogFilters['cursor'] = null;
        for (;;) {
          const found = await anchors({ from, to, cursor }, 1000);
          const last = found.at(-1);
          if (!last) return;
          cursor = { calldate: last.calldate, uniqueid: last.uniqueid };
          const calls = groupCalls(await legsOf(found.map((a) => a.linkedid)), RULES);
          yield calls.map((c) => `${c.start.toISOString()},${c.direction},${c.outcome},${c.from.number},${c.to},${c.waitSeconds},${c.talkSeconds}\r\n`).join('');
        }
      }
      return Readable.from(lines());
    },
    async someInboundNumber(from, to) {
      const [rows] = await pool.query<RowDataPacket[]>("SELECT src FROM cdr WHERE calldate >= ? AND calldate < ? AND dcontext = 'from-trunk' LIMIT 1", [wallClock(from), wallClock(to)]);
      return String(rows[0]?.src ?? '0612345678');
    },
  };
}
