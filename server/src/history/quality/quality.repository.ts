import type { RowDataPacket } from 'mysql2/promise';
import type { LegQuality } from '@ondeck/shared';
import type { Queryable } from '../../db';
import { gradeOf } from './e-model';
import type { LegSummaryRecord } from './quality-tracker';

interface LegRow extends RowDataPacket {
  linkedid: string;
  channel: string;
  direction: 'sent' | 'received';
  reports: number;
  mos_avg: string;
  mos_worst: string;
  jitter_ms_avg: string;
  jitter_ms_worst: string;
  loss_pct_avg: string;
  loss_pct_worst: string;
  rtt_ms_avg: string | null;
  rtt_ms_worst: string | null;
}

/** A stored leg direction, by the call it belongs to. */
export interface StoredLegQuality extends LegQuality {
  linkedid: string;
}

/** Linkedids per query at most; the call log asks for one page (≤ 200) at a time. */
const CHUNK = 500;

const num = (value: string): number => Number(value);
const orNull = (value: string | null): number | null => (value === null ? null : Number(value));

/** What the quality module stores and reads; QualityRepository on MariaDB, fakes in specs. */
export interface QualityStore {
  insert(records: readonly LegSummaryRecord[]): Promise<void>;
  legsOf(linkedids: readonly string[]): Promise<StoredLegQuality[]>;
}

/** The call_quality_legs table (migration 065). */
export class QualityRepository implements QualityStore {
  constructor(private readonly db: Queryable) {}

  /** Stores leg summaries; a row another OnDeck process already wrote is left as it is. */
  async insert(records: readonly LegSummaryRecord[]): Promise<void> {
    if (records.length === 0) return;
    const rows = records.map(({ linkedid, channel, direction, uniqueid, codec, clockRate, startedAt, endedAt, summary: s }) => [
      linkedid, channel, direction, uniqueid, codec, clockRate, s.reports,
      s.mosAverage, s.mosWorst, s.jitterMsAverage, s.jitterMsWorst, s.lossPercentAverage, s.lossPercentWorst,
      s.rttMsAverage, s.rttMsWorst, startedAt, endedAt,
    ]);
    await this.db.query(
      `INSERT IGNORE INTO call_quality_legs (linkedid, channel, direction, uniqueid, codec, clock_rate, reports,
         mos_avg, mos_worst, jitter_ms_avg, jitter_ms_worst, loss_pct_avg, loss_pct_worst, rtt_ms_avg, rtt_ms_worst, started_at, ended_at)
       VALUES ?`,
      [rows],
    );
  }

  async legsOf(linkedids: readonly string[]): Promise<StoredLegQuality[]> {
    const out: StoredLegQuality[] = [];
    for (let start = 0; start < linkedids.length; start += CHUNK) {
      const chunk = linkedids.slice(start, start + CHUNK);
      const [rows] = await this.db.query<LegRow[]>(
        `SELECT linkedid, channel, direction, reports, mos_avg, mos_worst, jitter_ms_avg, jitter_ms_worst,
           loss_pct_avg, loss_pct_worst, rtt_ms_avg, rtt_ms_worst
         FROM call_quality_legs WHERE linkedid IN (?) ORDER BY linkedid, started_at, channel, direction`,
        [chunk],
      );
      for (const row of rows) {
        const mosAverage = num(row.mos_avg);
        out.push({
          linkedid: row.linkedid,
          channel: row.channel,
          direction: row.direction,
          summary: {
            grade: gradeOf(mosAverage),
            mosAverage,
            mosWorst: num(row.mos_worst),
            jitterMsAverage: num(row.jitter_ms_avg),
            jitterMsWorst: num(row.jitter_ms_worst),
            lossPercentAverage: num(row.loss_pct_avg),
            lossPercentWorst: num(row.loss_pct_worst),
            rttMsAverage: orNull(row.rtt_ms_avg),
            rttMsWorst: orNull(row.rtt_ms_worst),
            reports: row.reports,
          },
        });
      }
    }
    return out;
  }
}
