import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Readable } from 'node:stream';
import type { Pool, RowDataPacket } from 'mysql2/promise';
import { CallLogService, historyScopeOf, scopeCondition, type HistoryScope } from '../../src/history/call-log/call-log.service';
import { decodeCursor, type CallLogCursor, type CallLogFilters } from '../../src/history/call-log/call-log-query';
import { CdrRepository } from '../../src/history/call-log/cdr.repository';
import { DEFAULT_RULES } from '../../src/history/direction';
import type { QualityLookup } from '../../src/history/quality/quality-lookup';
import { RecordingCatalog } from '../../src/history/recordings/recording-catalog';
import { ReportsService } from '../../src/history/reports';

/**
 * What the call-log benchmark measures, wired as server/src/history/history.module.ts wires it:
 * the CdrRepository on the CDR pool, the CallLogService (pages of 50, the CSV export) and the
 * ReportsService over the repository's legsOfCallsBetween. Call quality lives in OnDeck's own
 * database, not the CDR's, so the bench's lookup has none; recordings are looked up in an empty
 * monitor folder (every recorded call costs its file-system lookups, as in production).
 */
export interface LogFilters {
  from: Date;
  to: Date;
  number?: { value: string; match: 'exact' | 'prefix' };
  queue?: string;
  /** A supervisor's extensions and queues; absent = an admin who sees everything. */
  scope?: { extensions: readonly string[]; queues: readonly string[] };
  cursor?: CallLogCursor | null;
}

export interface CallLogUnderTest {
  /** One page of 50 calls; resolves to the number of calls on it. */
  page(filters: LogFilters): Promise<number>;
  /** The keyset cursor that starts page `page` (1 = the first). */
  cursorOfPage(page: number, filters: LogFilters): Promise<CallLogCursor | null>;
  /** The volume report over the range (all four reports group the same calls); resolves to its call count. */
  report(from: Date, to: Date): Promise<number>;
  /** The range as the call log's CSV export. */
  exportCsv(from: Date, to: Date): Readable;
  /** A caller's number from the range, for the number searches. */
  someInboundNumber(from: Date, to: Date): Promise<string>;
  /** Removes the bench's empty monitor folder. */
  dispose(): void;
}

const PAGE_SIZE = 50;
const TIME_ZONE = 'UTC'; // the generated CDR's wall clock (the simulator writes UTC)

const noQuality: QualityLookup = {
  summariesFor: () => Promise.resolve(new Map()),
  detailFor: (linkedid) => Promise.resolve({ linkedid, summary: null, legs: [] }),
};

export function callLogUnderTest(pool: Pool): CallLogUnderTest {
  const cdr = new CdrRepository(pool, 'cdr', TIME_ZONE);
  const rules = { ...DEFAULT_RULES, trunkNames: ['trunk'] };
  const monitor = mkdtempSync(path.join(tmpdir(), 'ondeck-bench-monitor-'));
  const recordings = new RecordingCatalog(monitor);
  const callLog = new CallLogService({ cdr, rules, quality: noQuality, recordings });
  const reports = new ReportsService(
    {
      legsOfCallsBetween: (from, to, scope) => {
        const condition = scopeCondition(historyScopeOf(scope));
        return cdr.legsOfCallsBetween(from, to, condition ? [condition] : []);
      },
    },
    { rules, timeZone: TIME_ZONE },
  );
  const filtersOf = (filters: LogFilters): CallLogFilters => ({
    from: filters.from,
    to: filters.to,
    ...(filters.number ? { number: filters.number } : {}),
    ...(filters.queue ? { queue: filters.queue } : {}),
  });
  const scopeOf = (filters: LogFilters): HistoryScope => (filters.scope ? { all: false, ...filters.scope } : { all: true });
  return {
    async page(filters) {
      const page = await callLog.page({ ...filtersOf(filters), cursor: filters.cursor ?? null, limit: PAGE_SIZE }, scopeOf(filters));
      return page.entries.length;
    },
    async cursorOfPage(pageNumber, filters) {
      let cursor: CallLogCursor | null = null;
      for (let i = 1; i < pageNumber; i += 1) {
        const page = await callLog.page({ ...filtersOf(filters), cursor, limit: PAGE_SIZE }, scopeOf(filters));
        if (!page.nextCursor) break;
        cursor = decodeCursor(page.nextCursor);
      }
      return cursor;
    },
    async report(from, to) {
      const data = await reports.report({ report: 'volume', from, to, bucket: 'day' }, { all: true });
      return data.report === 'volume' ? data.rows.reduce((sum, row) => sum + row.answered + row.missed, 0) : 0;
    },
    exportCsv(from, to) {
      return callLog.exportCsv({ from, to }, { all: true });
    },
    async someInboundNumber(from, to) {
      const [rows] = await pool.query<RowDataPacket[]>("SELECT src FROM cdr WHERE calldate >= ? AND calldate < ? AND dcontext = 'from-trunk' LIMIT 1", [
        from.toISOString().slice(0, 19).replace('T', ' '),
        to.toISOString().slice(0, 19).replace('T', ' '),
      ]);
      const src: unknown = rows[0]?.src;
      return typeof src === 'string' ? src : '0612345678';
    },
    dispose() {
      rmSync(monitor, { recursive: true, force: true });
    },
  };
}
