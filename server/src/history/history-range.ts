import { HISTORY_RANGE_PRESETS, type HistoryRangePreset } from '@ondeck/shared';
import { AppError } from '../lib/app-error';
import { addDays, localDateTimeAt, zonedToUtc } from '../lib/zoned-time';

const DAY_MS = 86_400_000;
const DATE_ONLY = /^\d{4}-\d{2}-\d{2}$/;
const DATE_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,3})?)?(Z|[+-]\d{2}:\d{2})$/;

export const invalidField = (field: string, message: string): AppError =>
  new AppError('validation_failed', message, { fields: { [field]: message } });

/** Local midnight of the day `daysAgo` before the day `now` falls on, in the zone. */
function localMidnight(now: Date, daysAgo: number, timeZone: string): Date {
  return zonedToUtc({ ...addDays(localDateTimeAt(now.getTime(), timeZone), -daysAgo), hour: 0, minute: 0 }, timeZone);
}

function parseBound(field: 'from' | 'to', value: string, timeZone: string): Date {
  if (DATE_ONLY.test(value)) {
    const [year, month, day] = value.split('-').map(Number) as [number, number, number];
    const probe = new Date(Date.UTC(year, month - 1, day, 12));
    if (probe.getUTCMonth() !== month - 1 || probe.getUTCDate() !== day) throw invalidField(field, `The ${field} date is not a real date.`);
    // A date-only `to` means "through that day", so it ends at the next local midnight.
    return localMidnight(probe, field === 'to' ? -1 : 0, timeZone);
  }
  const parsed = DATE_TIME.test(value) ? new Date(value) : new Date(Number.NaN);
  if (Number.isNaN(parsed.getTime())) throw invalidField(field, `The ${field} date must look like 2026-12-01 or 2026-12-01T08:00:00Z.`);
  return parsed;
}

export const single = (value: unknown): string | undefined => (typeof value === 'string' ? value : undefined);

/**
 * The date range of a call-log or report query, from `range` (today / yesterday / last7, in the
 * configured zone) or `custom` with `from`/`to`. Defaults to `defaultRange` when none is given;
 * anything wrong is a 400 naming the field.
 */
export function parseHistoryRange(
  query: Record<string, unknown>,
  now: Date,
  timeZone: string,
  limits: { maxDays: number; defaultRange: HistoryRangePreset; what: string },
): { from: Date; to: Date } {
  // A repeated parameter (?range=a&range=b) arrives as an array: refused, not silently defaulted.
  const rangeText =
    query.range === undefined ? (query.from !== undefined || query.to !== undefined ? 'custom' : limits.defaultRange) : (single(query.range) ?? '');
  if (!(HISTORY_RANGE_PRESETS as readonly string[]).includes(rangeText)) {
    throw invalidField('range', `The range must be one of: ${HISTORY_RANGE_PRESETS.join(', ')}.`);
  }
  const range = rangeText as HistoryRangePreset;
  let from: Date;
  let to: Date;
  if (range === 'today') [from, to] = [localMidnight(now, 0, timeZone), localMidnight(now, -1, timeZone)];
  else if (range === 'yesterday') [from, to] = [localMidnight(now, 1, timeZone), localMidnight(now, 0, timeZone)];
  else if (range === 'last7') [from, to] = [localMidnight(now, 6, timeZone), localMidnight(now, -1, timeZone)];
  else {
    const fromText = single(query.from);
    const toText = single(query.to);
    if (!fromText) throw invalidField('from', 'A custom range needs a from date.');
    if (!toText) throw invalidField('to', 'A custom range needs a to date.');
    from = parseBound('from', fromText, timeZone);
    to = parseBound('to', toText, timeZone);
  }
  if (to.getTime() <= from.getTime()) throw invalidField('to', 'The to date must be after the from date.');
  if (to.getTime() - from.getTime() > limits.maxDays * DAY_MS) throw invalidField('to', `${limits.what} covers at most ${limits.maxDays} days.`);
  return { from, to };
}
