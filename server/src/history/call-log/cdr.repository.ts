import mysql, { type Pool, type RowDataPacket } from 'mysql2/promise';
import { serverAddress } from '../../db/pool';
import type { DbConfig } from '../../config';
import { localDateTimeAt, zonedToUtc } from '../../lib/zoned-time';
import { CDR_COLUMNS, type CdrRow } from '../cdr-row';
import type { CallLogCursor } from './call-log-query';
import { allOf, callHasLeg, type LegCondition, type SqlFragment } from './cdr-sql';

/** A CDR row with its calldate as the PBX wrote it (local wall clock), for recording folders and cursors. */
export interface CdrLeg extends CdrRow {
  calldateText: string;
}

/** The first leg of a call: the row of the call's oldest channel (uniqueid = linkedid), its first CDR. */
export interface CallAnchor {
  linkedid: string;
  uniqueid: string;
  calldateText: string;
}


const compareText = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

/** What grouping reads; the rest of the row (clid, amaflags, userfield, …) is left out of month-long reads. */
const REPORT_COLUMNS = [
  'calldate', 'src', 'dst', 'dcontext', 'channel', 'dstchannel', 'lastapp', 'lastdata', 'duration', 'billsec',
  'disposition', 'uniqueid', 'did', 'recordingfile', 'cnum', 'cnam', 'linkedid', 'sequence',
] as const;

const pad = (value: number): string => String(value).padStart(2, '0');

/** An instant as the CDR's wall clock in the PBX's zone: `YYYY-MM-DD HH:MM:SS`. */
export function cdrWallClock(instant: Date, timeZone: string): string {
  const t = localDateTimeAt(instant.getTime(), timeZone);
  return `${t.year}-${pad(t.month)}-${pad(t.day)} ${pad(t.hour)}:${pad(t.minute)}:${pad(t.second)}`;
}

/** The CDR's wall-clock calldate as an instant. */
export function cdrInstant(text: string, timeZone: string): Date {
  const [date = '', time = ''] = text.split(' ');
  const [year = 0, month = 1, day = 1] = date.split('-').map(Number);
  const [hour = 0, minute = 0, second = 0] = time.split(':').map(Number);
  return new Date(zonedToUtc({ year, month, day, hour, minute }, timeZone).getTime() + second * 1000);
}

/** A read-only pool on FreePBX's CDR database; calldate stays text, as the PBX wrote it in its own zone. */
export function createCdrPool(db: DbConfig): Pool {
  return mysql.createPool({
    ...serverAddress(db),
    user: db.user,
    password: db.password,
    database: db.name,
    connectionLimit: 6,
    dateStrings: true,
    charset: 'utf8mb4_unicode_ci',
  });
}

/**
 * Reads FreePBX's CDR table and nothing else; it never writes a row. Every read is of whole calls
 * through their first leg (`uniqueid = linkedid`, the earliest row of that uniqueid), so keyset
 * pagination on (calldate, uniqueid) of first legs walks calls, not legs, in start order.
 */
export class CdrRepository {
  constructor(
    private readonly pool: Pool,
    /** A validated identifier (letters, digits, _). */
    private readonly table: string,
    private readonly timeZone: string,
  ) {}

  /** Anchor alias `a`, leg aliases chosen by the callers' conditions. */
  private anchorWhere(from: Date, to: Date, cursor: CallLogCursor | null, conditions: readonly SqlFragment[]): SqlFragment {
    const t = this.table;
    const base: SqlFragment = {
      sql:
        'a.uniqueid = a.linkedid AND a.calldate >= ? AND a.calldate < ? ' +
        // A channel that dials again after a transfer writes a second row with the same uniqueid: not a new call.
        `AND NOT EXISTS (SELECT 1 FROM \`${t}\` e WHERE e.uniqueid = a.uniqueid AND (e.calldate < a.calldate OR (e.calldate = a.calldate AND e.sequence < a.sequence)))`,
      params: [cdrWallClock(from, this.timeZone), cdrWallClock(to, this.timeZone)],
    };
    const keyset: SqlFragment[] = cursor
      ? [{ sql: '(a.calldate < ? OR (a.calldate = ? AND a.uniqueid < ?))', params: [cursor.calldate, cursor.calldate, cursor.uniqueid] }]
      : [];
    return allOf([base, ...keyset, ...conditions]);
  }

  /**
   * The next `limit` calls in [from, to) after `cursor`, newest first, of which some leg matches
   * each condition (see cdr-sql). `onlyCalls` narrows to known linkedids.
   */
  async anchors(options: {
    from: Date;
    to: Date;
    cursor: CallLogCursor | null;
    legConditions: readonly LegCondition[];
    onlyCalls?: readonly string[];
    limit: number;
  }): Promise<CallAnchor[]> {
    const conditions = options.legConditions.map((condition, index) => callHasLeg(this.table, 'a', `l${index}`, condition(`l${index}`)));
    if (options.onlyCalls) {
      if (options.onlyCalls.length === 0) return [];
      conditions.push({ sql: `a.linkedid IN (${options.onlyCalls.map(() => '?').join(', ')})`, params: [...options.onlyCalls] });
    }
    const where = this.anchorWhere(options.from, options.to, options.cursor, conditions);
    const [rows] = await this.pool.query<RowDataPacket[]>(
      `SELECT a.linkedid, a.uniqueid, a.calldate FROM \`${this.table}\` a WHERE ${where.sql} ORDER BY a.calldate DESC, a.uniqueid DESC LIMIT ?`,
      [...where.params, options.limit],
    );
    return rows.map((row) => ({ linkedid: String(row.linkedid), uniqueid: String(row.uniqueid), calldateText: String(row.calldate) }));
  }

  /**
   * The first legs of these calls that fall in [from, to), newest first: the walk over a known
   * set of calls, sorted here instead of by a query that would check every one of them.
   */
  async anchorsAmong(linkedids: readonly string[], from: Date, to: Date): Promise<CallAnchor[]> {
    const fromText = cdrWallClock(from, this.timeZone);
    const toText = cdrWallClock(to, this.timeZone);
    const first = new Map<string, { anchor: CallAnchor; sequence: number }>();
    for (let start = 0; start < linkedids.length; start += 2000) {
      const chunk = linkedids.slice(start, start + 2000);
      const [rows] = await this.pool.query<RowDataPacket[]>(
        `SELECT linkedid, uniqueid, calldate, sequence FROM \`${this.table}\` WHERE linkedid IN (${chunk.map(() => '?').join(', ')}) AND uniqueid = linkedid`,
        chunk,
      );
      for (const row of rows) {
        const anchor = { linkedid: String(row.linkedid), uniqueid: String(row.uniqueid), calldateText: String(row.calldate) };
        const sequence = Number(row.sequence) || 0;
        const seen = first.get(anchor.linkedid);
        // The earliest row of the call's oldest channel, as anchorWhere's NOT EXISTS picks it.
        if (!seen || anchor.calldateText < seen.anchor.calldateText || (anchor.calldateText === seen.anchor.calldateText && sequence < seen.sequence)) {
          first.set(anchor.linkedid, { anchor, sequence });
        }
      }
    }
    return [...first.values()]
      .map(({ anchor }) => anchor)
      .filter((anchor) => anchor.calldateText >= fromText && anchor.calldateText < toText)
      .sort((a, b) => (a.calldateText === b.calldateText ? compareText(b.uniqueid, a.uniqueid) : compareText(b.calldateText, a.calldateText)));
  }

  /**
   * The calls (linkedids) in the range with a leg matching `condition`, when there are at most
   * `cap` of them; 'many' otherwise. A rare number is then found through its indexes instead of
   * by walking every call of the range; a common one is dense enough that walking is quick.
   */
  async matchingCalls(condition: LegCondition, from: Date, to: Date, cap: number): Promise<string[] | 'many'> {
    const where = condition('m');
    const [rows] = await this.pool.query<RowDataPacket[]>(
      `SELECT DISTINCT m.linkedid FROM \`${this.table}\` m WHERE m.calldate >= ? AND m.calldate < ? AND ${where.sql} LIMIT ?`,
      // A call's later legs start after its first, never before: the range bounds the first leg.
      [cdrWallClock(from, this.timeZone), cdrWallClock(new Date(to.getTime() + 86_400_000), this.timeZone), ...where.params, cap + 1],
    );
    return rows.length > cap ? 'many' : rows.map((row) => String(row.linkedid));
  }

  /** Fails (with the driver's error) when the CDR table cannot be read: checked before a stream starts. */
  async probe(): Promise<void> {
    await this.pool.query(`SELECT 1 FROM \`${this.table}\` LIMIT 1`);
  }

  /** Whether some leg of this call matches (a single call's scope check). */
  async callMatches(linkedid: string, condition: LegCondition): Promise<boolean> {
    const where = condition('s');
    const [rows] = await this.pool.query<RowDataPacket[]>(`SELECT 1 FROM \`${this.table}\` s WHERE s.linkedid = ? AND ${where.sql} LIMIT 1`, [linkedid, ...where.params]);
    return rows.length > 0;
  }

  /** Every leg of these calls. */
  async legsOf(linkedids: readonly string[]): Promise<CdrLeg[]> {
    if (linkedids.length === 0) return [];
    const [rows] = await this.pool.query<RowDataPacket[]>(
      `SELECT ${CDR_COLUMNS.join(', ')} FROM \`${this.table}\` WHERE linkedid IN (${linkedids.map(() => '?').join(', ')}) ORDER BY calldate, sequence`,
      [...linkedids],
    );
    return rows.map((row) => this.legOf(row));
  }

  /**
   * Every leg of the calls whose first leg is in [from, to) and has a leg matching each condition
   * (reports). One range scan on calldate (a call's legs start at or after its first leg; calls
   * are taken as lasting under a day), scope as a semi-join, and only calls whose first leg is in
   * the range are kept: a month is read without a subquery per call.
   */
  async legsOfCallsBetween(from: Date, to: Date, legConditions: readonly LegCondition[]): Promise<CdrLeg[]> {
    const fromText = cdrWallClock(from, this.timeZone);
    const toText = cdrWallClock(to, this.timeZone);
    const untilText = cdrWallClock(new Date(to.getTime() + 86_400_000), this.timeZone);
    const scoped = legConditions.map((condition, index) => {
      const alias = `s${index}`;
      const where = condition(alias);
      return {
        sql: `c.linkedid IN (SELECT ${alias}.linkedid FROM \`${this.table}\` ${alias} WHERE ${alias}.calldate >= ? AND ${alias}.calldate < ? AND ${where.sql})`,
        params: [fromText, untilText, ...where.params],
      };
    });
    const where = allOf([{ sql: 'c.calldate >= ? AND c.calldate < ?', params: [fromText, untilText] }, ...scoped]);
    const [rows] = await this.pool.query<RowDataPacket[]>(
      `SELECT ${REPORT_COLUMNS.map((column) => `c.${column}`).join(', ')} FROM \`${this.table}\` c WHERE ${where.sql}`,
      where.params,
    );
    const legs = rows.map((row) => this.legOf(row));
    // The call's first leg (its oldest channel's earliest row) must itself be in [from, to).
    const firstLegs = new Map<string, CdrLeg>();
    for (const leg of legs) {
      if (leg.uniqueid !== leg.linkedid) continue;
      const seen = firstLegs.get(leg.linkedid);
      if (!seen || leg.calldateText < seen.calldateText) firstLegs.set(leg.linkedid, leg);
    }
    const inRange = new Set([...firstLegs.values()].filter((leg) => leg.calldateText >= fromText && leg.calldateText < toText).map((leg) => leg.linkedid));
    return legs.filter((leg) => inRange.has(leg.linkedid));
  }

  /**
   * cdrInstant through a cache per wall-clock minute: the zone conversion (Intl) cost more than
   * everything else in a 30-day report or export (call-log.bench.ts), and a busy table has many
   * legs per minute. Seconds are added outside the conversion, as cdrInstant does, so it is exact.
   */
  private readonly minuteStarts = new Map<string, number>();

  private instantOf(calldateText: string): Date {
    const minute = calldateText.slice(0, 16);
    let start = this.minuteStarts.get(minute);
    if (start === undefined) {
      if (this.minuteStarts.size > 200_000) this.minuteStarts.clear();
      start = cdrInstant(`${minute}:00`, this.timeZone).getTime();
      this.minuteStarts.set(minute, start);
    }
    return new Date(start + (Number(calldateText.slice(17, 19)) || 0) * 1000);
  }

  private legOf(row: RowDataPacket): CdrLeg {
    const text = (value: unknown): string => (typeof value === 'string' ? value : typeof value === 'number' ? String(value) : Buffer.isBuffer(value) ? value.toString('utf8') : '');
    const calldateText = text(row.calldate);
    return {
      calldate: this.instantOf(calldateText),
      calldateText,
      clid: text(row.clid),
      src: text(row.src),
      dst: text(row.dst),
      dcontext: text(row.dcontext),
      channel: text(row.channel),
      dstchannel: text(row.dstchannel),
      lastapp: text(row.lastapp),
      lastdata: text(row.lastdata),
      duration: Number(row.duration) || 0,
      billsec: Number(row.billsec) || 0,
      disposition: text(row.disposition),
      amaflags: Number(row.amaflags) || 0,
      accountcode: text(row.accountcode),
      uniqueid: text(row.uniqueid),
      userfield: text(row.userfield),
      did: text(row.did),
      recordingfile: text(row.recordingfile),
      cnum: text(row.cnum),
      cnam: text(row.cnam),
      outbound_cnum: text(row.outbound_cnum),
      outbound_cnam: text(row.outbound_cnam),
      dst_cnam: text(row.dst_cnam),
      linkedid: text(row.linkedid),
      peeraccount: text(row.peeraccount),
      sequence: Number(row.sequence) || 0,
    };
  }
}
