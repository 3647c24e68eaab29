import { CALL_DIRECTIONS, CALL_OUTCOMES, type CallDirection, type CallOutcome } from '@ondeck/shared';
import { invalidField, parseHistoryRange, single } from '../history-range';

/** The log searches at most a year at a time: one query stays bounded whatever the filters. */
export const MAX_LOG_DAYS = 366;
export const DEFAULT_PAGE_SIZE = 50;
export const MAX_PAGE_SIZE = 200;

/** Where the previous page stopped: the last call's first leg, in the CDR's own terms. */
export interface CallLogCursor {
  /** The CDR's wall-clock calldate, `YYYY-MM-DD HH:MM:SS`. */
  calldate: string;
  uniqueid: string;
}

export interface CallLogFilters {
  from: Date;
  to: Date;
  number?: { value: string; match: 'exact' | 'prefix' };
  direction?: CallDirection;
  outcome?: CallOutcome;
  extension?: string;
  queue?: string;
  minDuration?: number;
  hasRecording?: boolean;
}

export interface ParsedCallLogQuery extends CallLogFilters {
  cursor: CallLogCursor | null;
  limit: number;
}

/** What a caller ID or dialled number may hold: digits, a leading +, * and # (feature codes). */
const NUMBER = /^\+?[0-9*#]{1,40}$/;
/** Extensions as FreePBX allows them. */
const EXTENSION = /^[0-9A-Za-z_-]{1,40}$/;
const QUEUE = /^[0-9A-Za-z_.-]{1,80}$/;
const CDR_DATETIME = /^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/;
const UNIQUEID = /^[0-9A-Za-z_.-]{1,32}$/;

function oneOf<T extends string>(field: string, value: string | undefined, allowed: readonly T[], label: string): T | undefined {
  if (value === undefined || value === '') return undefined;
  if (!(allowed as readonly string[]).includes(value)) throw invalidField(field, `The ${label} must be one of: ${allowed.join(', ')}.`);
  return value as T;
}

function text(query: Record<string, unknown>, field: string): string | undefined {
  const value = query[field];
  if (value === undefined) return undefined;
  const one = single(value);
  if (one === undefined) throw invalidField(field, `Give ${field} once.`);
  return one.trim();
}

export function encodeCursor(cursor: CallLogCursor): string {
  return Buffer.from(`${cursor.calldate}|${cursor.uniqueid}`, 'utf8').toString('base64url');
}

/**
 * A cursor is only a position: scope and filters are applied again on every page, so a forged
 * one can skip calls but never reveal one. Anything that is not a position we made is refused.
 */
export function decodeCursor(value: string): CallLogCursor {
  const refuse = invalidField('cursor', 'This page link is not valid any more. Start again from the first page.');
  if (!/^[A-Za-z0-9_-]{1,120}$/.test(value)) throw refuse;
  const [calldate, uniqueid, ...extra] = Buffer.from(value, 'base64url').toString('utf8').split('|');
  if (extra.length > 0 || calldate === undefined || uniqueid === undefined || !CDR_DATETIME.test(calldate) || !UNIQUEID.test(uniqueid)) throw refuse;
  return { calldate, uniqueid };
}

/** The filters from a query string; anything wrong is a 400 naming the field, in words. */
export function parseCallLogFilters(query: Record<string, unknown>, now: Date, timeZone: string): CallLogFilters {
  const { from, to } = parseHistoryRange(query, now, timeZone, { maxDays: MAX_LOG_DAYS, defaultRange: 'today', what: 'The call log' });
  const filters: CallLogFilters = { from, to };

  const numberText = text(query, 'number');
  const matchText = text(query, 'match');
  const match = oneOf('match', matchText, ['exact', 'prefix'] as const, 'match') ?? 'exact';
  if (numberText !== undefined && numberText !== '') {
    const digits = numberText.replace(/[\s().-]/g, '');
    if (!NUMBER.test(digits)) throw invalidField('number', 'Search by number with digits only (a leading + is fine), e.g. 1001 or +4930123.');
    filters.number = { value: digits, match };
  }
  const direction = oneOf('direction', text(query, 'direction'), CALL_DIRECTIONS, 'direction');
  if (direction) filters.direction = direction;
  const outcome = oneOf('outcome', text(query, 'outcome'), CALL_OUTCOMES, 'outcome');
  if (outcome) filters.outcome = outcome;

  const extension = text(query, 'extension');
  if (extension !== undefined && extension !== '') {
    if (!EXTENSION.test(extension)) throw invalidField('extension', 'The extension is letters and digits only, e.g. 1001.');
    filters.extension = extension;
  }
  const queue = text(query, 'queue');
  if (queue !== undefined && queue !== '') {
    if (!QUEUE.test(queue)) throw invalidField('queue', 'The queue is its number or name, letters and digits only.');
    filters.queue = queue;
  }
  const minDuration = text(query, 'minDuration');
  if (minDuration !== undefined && minDuration !== '') {
    if (!/^\d{1,6}$/.test(minDuration)) throw invalidField('minDuration', 'The minimum duration is a whole number of seconds.');
    filters.minDuration = Number(minDuration);
  }
  const hasRecording = text(query, 'hasRecording');
  if (hasRecording !== undefined && hasRecording !== '') {
    if (hasRecording !== 'true' && hasRecording !== 'false') throw invalidField('hasRecording', 'Has recording is true or false.');
    filters.hasRecording = hasRecording === 'true';
  }
  return filters;
}

export function parseCallLogQuery(query: Record<string, unknown>, now: Date, timeZone: string): ParsedCallLogQuery {
  const filters = parseCallLogFilters(query, now, timeZone);
  const cursorText = text(query, 'cursor');
  const limitText = text(query, 'limit');
  let limit = DEFAULT_PAGE_SIZE;
  if (limitText !== undefined && limitText !== '') {
    if (!/^\d{1,4}$/.test(limitText) || Number(limitText) < 1 || Number(limitText) > MAX_PAGE_SIZE) {
      throw invalidField('limit', `Show between 1 and ${MAX_PAGE_SIZE} calls a page.`);
    }
    limit = Number(limitText);
  }
  return { ...filters, cursor: cursorText === undefined || cursorText === '' ? null : decodeCursor(cursorText), limit };
}
