import { REPORT_NAMES, type ReportName } from '@ondeck/shared';
import { AppError } from '../../lib/app-error';
import { invalidField, parseHistoryRange, single } from '../history-range';

/** Longest range a report may cover: a year is plenty and keeps one query bounded. */
export const MAX_REPORT_DAYS = 366;
const DAY_MS = 86_400_000;

export interface ParsedReportQuery {
  report: ReportName;
  from: Date;
  to: Date;
  bucket: 'hour' | 'day';
}

/** Report name and range from the route and query string; anything wrong is a 400 naming the field. */
export function parseReportQuery(report: string, query: Record<string, unknown>, now: Date, timeZone: string): ParsedReportQuery {
  if (!(REPORT_NAMES as readonly string[]).includes(report)) {
    throw new AppError('not_found', `There is no report called "${report.slice(0, 40)}". Choose one of: ${REPORT_NAMES.join(', ')}.`);
  }
  const { from, to } = parseHistoryRange(query, now, timeZone, { maxDays: MAX_REPORT_DAYS, defaultRange: 'last7', what: 'A report' });
  const bucketText = single(query.bucket);
  if (bucketText !== undefined && bucketText !== 'hour' && bucketText !== 'day') throw invalidField('bucket', 'The bucket must be hour or day.');
  const bucket = bucketText ?? (to.getTime() - from.getTime() <= 2 * DAY_MS ? 'hour' : 'day');
  return { report: report as ReportName, from, to, bucket };
}
