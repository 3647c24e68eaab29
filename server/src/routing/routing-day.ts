import { localDateTimeAt } from '../lib/zoned-time';

export { isValidTimeZone } from '../lib/zoned-time';

const pad = (value: number): string => String(value).padStart(2, '0');

/**
 * The calendar day (YYYY-MM-DD) an instant falls on in the routing time zone: daily caps count
 * per such day. Intl applies the zone's rules, so a 23- or 25-hour DST day is still one day
 * and midnight is exact to the millisecond.
 */
export function routingDay(instantMs: number, timeZone: string): string {
  const local = localDateTimeAt(instantMs, timeZone);
  return `${local.year}-${pad(local.month)}-${pad(local.day)}`;
}
