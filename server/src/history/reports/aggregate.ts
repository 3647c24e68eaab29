import { localDateTimeAt, weekdayOf, zonedToUtc } from '../../lib/zoned-time';
import type { AgentReportRow, HeatmapCell, QueueReportRow, VolumeBucket } from '@ondeck/shared';
import type { CallSummary } from '../call-grouping';

/** Used when a queue carries no threshold of its own (the industry's 80/20 default). */
export const DEFAULT_SERVICE_LEVEL_SECONDS = 20;

interface LocalParts {
  year: number;
  month: number;
  day: number;
  hour: number;
  weekday: number;
}

const QUARTER_MS = 15 * 60_000;
const partsByQuarter = new Map<string, LocalParts>();

/**
 * Wall-clock parts of an instant in the configured zone, so buckets follow local days and hours.
 * Zone offsets and their changes fall on quarter hours, so the local date and hour are the same
 * throughout a UTC quarter hour: one Intl conversion per quarter instead of one per call (a
 * month's report has hundreds of thousands of calls and Intl is slow).
 */
export function localParts(date: Date, timeZone: string): LocalParts {
  const quarter = Math.floor(date.getTime() / QUARTER_MS);
  const key = `${timeZone}|${quarter}`;
  let parts = partsByQuarter.get(key);
  if (!parts) {
    if (partsByQuarter.size > 100_000) partsByQuarter.clear();
    const local = localDateTimeAt(quarter * QUARTER_MS, timeZone);
    // weekdayOf counts from Sunday; the heatmap's rows start on Monday.
    parts = { year: local.year, month: local.month, day: local.day, hour: local.hour, weekday: (weekdayOf(local) + 6) % 7 };
    partsByQuarter.set(key, parts);
  }
  return parts;
}

/** The UTC instant at which a local wall-clock hour begins. */
function instantOf(parts: LocalParts, hour: number, timeZone: string): Date {
  return zonedToUtc({ year: parts.year, month: parts.month, day: parts.day, hour, minute: 0 }, timeZone);
}

const missed = (call: CallSummary): boolean => call.outcome !== 'answered';

export function volumeReport(calls: readonly CallSummary[], bucket: 'hour' | 'day', timeZone: string): VolumeBucket[] {
  const buckets = new Map<number, VolumeBucket>();
  for (const call of calls) {
    const parts = localParts(call.start, timeZone);
    const start = instantOf(parts, bucket === 'hour' ? parts.hour : 0, timeZone);
    let row = buckets.get(start.getTime());
    if (!row) {
      row = { start: start.toISOString(), answered: 0, missed: 0 };
      buckets.set(start.getTime(), row);
    }
    if (missed(call)) row.missed += 1;
    else row.answered += 1;
  }
  return [...buckets.entries()].sort(([a], [b]) => a - b).map(([, row]) => row);
}

const percent = (part: number, whole: number): number => (whole === 0 ? 0 : Math.round((part / whole) * 1000) / 10);

export function queueReport(
  calls: readonly CallSummary[],
  serviceLevelSeconds: (queue: string) => number = () => DEFAULT_SERVICE_LEVEL_SECONDS,
): QueueReportRow[] {
  const byQueue = new Map<string, CallSummary[]>();
  for (const call of calls) {
    if (!call.queue) continue;
    const list = byQueue.get(call.queue);
    if (list) list.push(call);
    else byQueue.set(call.queue, [call]);
  }
  return [...byQueue.entries()]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([queue, list]) => {
      const threshold = serviceLevelSeconds(queue);
      const answered = list.filter((call) => call.outcome === 'answered');
      const abandoned = list.filter((call) => call.outcome === 'abandoned').length;
      const waits = answered.map((call) => call.waitSeconds);
      const totalWait = waits.reduce((sum, wait) => sum + wait, 0);
      return {
        queue,
        offered: list.length,
        answered: answered.length,
        abandoned,
        serviceLevelPercent: percent(waits.filter((wait) => wait <= threshold).length, list.length),
        serviceLevelSeconds: threshold,
        averageWaitSeconds: answered.length === 0 ? 0 : Math.round(totalWait / answered.length),
        longestWaitSeconds: Math.round(Math.max(0, ...list.map((call) => call.waitSeconds))),
        abandonRatePercent: percent(abandoned, list.length),
      };
    });
}

export function agentReport(calls: readonly CallSummary[], nameOf: (extension: string) => string = () => ''): AgentReportRow[] {
  const agents = new Map<string, AgentReportRow>();
  const rowFor = (extension: string): AgentReportRow => {
    let row = agents.get(extension);
    if (!row) {
      row = { extension, name: nameOf(extension), handled: 0, missed: 0, talkSeconds: 0, averageHandleSeconds: 0 };
      agents.set(extension, row);
    }
    return row;
  };
  for (const call of calls) {
    const answeredBy = new Set<string>();
    const rangOnly = new Set<string>();
    for (const leg of call.legs) {
      if (leg.happened === 'answered') {
        answeredBy.add(leg.party);
        rowFor(leg.party).talkSeconds += leg.talkSeconds;
      } else rangOnly.add(leg.party);
    }
    for (const extension of answeredBy) rowFor(extension).handled += 1;
    // An agent rung several times on one call (queue retries) missed it once, and not at all if they took it.
    for (const extension of rangOnly) if (!answeredBy.has(extension)) rowFor(extension).missed += 1;
  }
  return [...agents.values()]
    .map((row) => ({ ...row, averageHandleSeconds: row.handled === 0 ? 0 : Math.round(row.talkSeconds / row.handled) }))
    .sort((a, b) => b.handled - a.handled || a.extension.localeCompare(b.extension));
}

/** Every weekday×hour cell, zero-filled, so the heatmap's grid is always complete. */
export function heatmapReport(calls: readonly CallSummary[], timeZone: string): HeatmapCell[] {
  const cells: HeatmapCell[] = [];
  for (let weekday = 0; weekday < 7; weekday += 1) for (let hour = 0; hour < 24; hour += 1) cells.push({ weekday, hour, calls: 0 });
  for (const call of calls) {
    const parts = localParts(call.start, timeZone);
    const cell = cells[parts.weekday * 24 + parts.hour];
    if (cell) cell.calls += 1;
  }
  return cells;
}
