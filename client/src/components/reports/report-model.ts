import type { AgentReportRow, HeatmapCell, QueueReportRow, ReportRange, VolumeBucket } from '@ondeck/shared';
import { secondsText } from '../history/history-format';

/**
 * What the Reports view shows, computed from the server's report rows without Vue or Chart.js,
 * so the numbers and labels are tested on their own. Buckets are labelled in the report's time
 * zone (the server's), not the browser's: an hour bucket "09:00" is nine in the office.
 */

export const WEEKDAYS = ['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'] as const;

export interface VolumeSeries {
  labels: string[];
  answered: number[];
  missed: number[];
  totalAnswered: number;
  totalMissed: number;
}

export function volumeSeries(rows: readonly VolumeBucket[], bucket: 'hour' | 'day', timeZone: string): VolumeSeries {
  const spansDays = new Set(rows.map((row) => dayKey(row.start, timeZone))).size > 1;
  const format = new Intl.DateTimeFormat(undefined, {
    timeZone,
    ...(bucket === 'day' ? { weekday: 'short', day: 'numeric', month: 'short' } : spansDays ? { weekday: 'short', hour: '2-digit', minute: '2-digit' } : { hour: '2-digit', minute: '2-digit' }),
  });
  return {
    labels: rows.map((row) => format.format(new Date(row.start))),
    answered: rows.map((row) => row.answered),
    missed: rows.map((row) => row.missed),
    totalAnswered: rows.reduce((sum, row) => sum + row.answered, 0),
    totalMissed: rows.reduce((sum, row) => sum + row.missed, 0),
  };
}

const HOUR_MS = 3_600_000;
/** More buckets than this are drawn as the server sent them: a bar per hour of a year says nothing. */
const MAX_FILLED_BUCKETS = 400;

/**
 * Every bucket of the range, the empty ones as zero: the server sends only buckets with calls,
 * and a chart that skips quiet hours misleads. Hours step by real hours; days are matched by
 * their local date, so a 23- or 25-hour day at a DST change is still one bucket.
 */
export function fillVolumeBuckets(rows: readonly VolumeBucket[], bucket: 'hour' | 'day', range: ReportRange): VolumeBucket[] {
  const from = Date.parse(range.from);
  const to = Date.parse(range.to);
  const step = bucket === 'hour' ? HOUR_MS : 24 * HOUR_MS;
  if (!Number.isFinite(from) || !Number.isFinite(to) || (to - from) / step > MAX_FILLED_BUCKETS) return [...rows];
  const keyOf = (iso: string | number): string => (bucket === 'hour' ? String(new Date(iso).getTime()) : dayKey(new Date(iso).toISOString(), range.timeZone));
  const known = new Map(rows.map((row) => [keyOf(row.start), row]));
  const filled: VolumeBucket[] = [];
  // Days are probed at local noon-ish (from + 12 h), well clear of any DST shift at midnight.
  for (let at = bucket === 'hour' ? from : from + 12 * HOUR_MS; at < to; at += step) {
    const key = keyOf(at);
    filled.push(known.get(key) ?? { start: new Date(bucket === 'hour' ? at : at - 12 * HOUR_MS).toISOString(), answered: 0, missed: 0 });
    known.delete(key);
  }
  // A bucket the server has and the walk missed (a shifted zone rule) is kept, not dropped.
  return [...filled, ...known.values()].sort((a, b) => Date.parse(a.start) - Date.parse(b.start));
}

const dayKeyFormat = new Map<string, Intl.DateTimeFormat>();
function dayKey(iso: string, timeZone: string): string {
  let format = dayKeyFormat.get(timeZone);
  if (!format) {
    format = new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' });
    dayKeyFormat.set(timeZone, format);
  }
  return format.format(new Date(iso));
}

export const percentText = (value: number): string => `${Math.round(value)} %`;

export interface QueueRowView {
  queue: string;
  offered: number;
  answered: number;
  abandoned: number;
  serviceLevel: string;
  averageWait: string;
  longestWait: string;
  abandonRate: string;
  /** The abandon rate is high enough to point out (text, not colour alone). */
  abandonHigh: boolean;
}

/** An abandon rate above this many percent is marked in the table. */
export const ABANDON_WARN_PERCENT = 10;

export function queueRows(rows: readonly QueueReportRow[]): QueueRowView[] {
  return [...rows]
    .sort((a, b) => b.offered - a.offered || a.queue.localeCompare(b.queue))
    .map((row) => ({
      queue: row.queue,
      offered: row.offered,
      answered: row.answered,
      abandoned: row.abandoned,
      serviceLevel: row.offered === 0 ? '—' : `${percentText(row.serviceLevelPercent)} in ${row.serviceLevelSeconds} s`,
      averageWait: secondsText(row.averageWaitSeconds),
      longestWait: secondsText(row.longestWaitSeconds),
      abandonRate: row.offered === 0 ? '—' : percentText(row.abandonRatePercent),
      abandonHigh: row.offered > 0 && row.abandonRatePercent > ABANDON_WARN_PERCENT,
    }));
}

export interface QueueSeries {
  labels: string[];
  serviceLevel: number[];
  abandonRate: number[];
}

export function queueSeries(rows: readonly QueueReportRow[]): QueueSeries {
  const sorted = [...rows].sort((a, b) => b.offered - a.offered || a.queue.localeCompare(b.queue));
  return { labels: sorted.map((r) => r.queue), serviceLevel: sorted.map((r) => r.serviceLevelPercent), abandonRate: sorted.map((r) => r.abandonRatePercent) };
}

export interface AgentRowView {
  extension: string;
  name: string;
  handled: number;
  missed: number;
  talk: string;
  averageHandle: string;
}

/** Busiest agents first; the name falls back to the extension. */
export function agentRows(rows: readonly AgentReportRow[]): AgentRowView[] {
  return [...rows]
    .sort((a, b) => b.handled - a.handled || b.talkSeconds - a.talkSeconds || a.extension.localeCompare(b.extension, undefined, { numeric: true }))
    .map((row) => ({
      extension: row.extension,
      name: row.name || row.extension,
      handled: row.handled,
      missed: row.missed,
      talk: secondsText(row.talkSeconds),
      averageHandle: row.handled === 0 ? '—' : secondsText(row.averageHandleSeconds),
    }));
}

export interface HeatmapView {
  /** Seven rows (Monday first) of 24 hours each. */
  rows: Array<{ weekday: string; cells: Array<{ hour: number; calls: number; level: 0 | 1 | 2 | 3 | 4; label: string }> }>;
  max: number;
  total: number;
}

/**
 * Calls per weekday and hour, every one of the 168 cells present (missing ones are zero), with a
 * level 0–4 relative to the busiest cell so the grid reads the same for a quiet or a busy week.
 */
export function heatmapView(cells: readonly HeatmapCell[]): HeatmapView {
  const counts = new Map<string, number>();
  for (const cell of cells) {
    if (cell.weekday < 0 || cell.weekday > 6 || cell.hour < 0 || cell.hour > 23) continue;
    const key = `${cell.weekday}:${cell.hour}`;
    counts.set(key, (counts.get(key) ?? 0) + cell.calls);
  }
  const max = Math.max(0, ...counts.values());
  let total = 0;
  const rows = WEEKDAYS.map((weekday, day) => ({
    weekday,
    cells: Array.from({ length: 24 }, (_, hour) => {
      const calls = counts.get(`${day}:${hour}`) ?? 0;
      total += calls;
      const level = (calls === 0 || max === 0 ? 0 : Math.max(1, Math.ceil((calls / max) * 4))) as 0 | 1 | 2 | 3 | 4;
      const hours = `${String(hour).padStart(2, '0')}:00–${String(hour + 1).padStart(2, '0')}:00`;
      return { hour, calls, level, label: `${weekday} ${hours}: ${calls} ${calls === 1 ? 'call' : 'calls'}` };
    }),
  }));
  return { rows, max, total };
}
