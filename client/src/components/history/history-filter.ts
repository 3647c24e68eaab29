import {
  CALL_DIRECTIONS,
  CALL_OUTCOMES,
  HISTORY_RANGE_PRESETS,
  type CallDirection,
  type CallLogFilter,
  type CallOutcome,
  type HistoryRange,
  type HistoryRangePreset,
} from '@ondeck/shared';
import type { LocationQuery, LocationQueryRaw } from 'vue-router';

/**
 * The call log's filters as they live in the address bar, so a filtered log can be bookmarked,
 * shared and walked with back/forward. Only known keys with well-formed values are read; an odd
 * value is dropped here rather than sent (the server would refuse it, but the user did not type
 * it: it came from an edited link). Defaults are left out of the URL so plain /history stays plain.
 */
export const DEFAULT_RANGE: HistoryRangePreset = 'today';

/** The filter form's state: every field a string or boolean, as the inputs hold them. */
export interface CallLogFilterForm {
  range: HistoryRangePreset;
  from: string;
  to: string;
  number: string;
  prefix: boolean;
  direction: CallDirection | '';
  outcome: CallOutcome | '';
  extension: string;
  queue: string;
  minDuration: string;
  hasRecording: boolean;
}

export const RANGE_LABELS: Record<HistoryRangePreset, string> = {
  today: 'Today',
  yesterday: 'Yesterday',
  last7: 'Last 7 days',
  custom: 'Custom range',
};

const DATE_ONLY = /^\d{4}-\d{2}-\d{2}$/;
const DIGITS = /^\+?[\d*#]{1,32}$/;
const SHORT_NAME = /^[\w.+@-]{1,64}$/;

function single(query: LocationQuery, key: string): string | undefined {
  const value = query[key];
  const text = Array.isArray(value) ? value[0] : value;
  return typeof text === 'string' && text.trim() !== '' ? text.trim() : undefined;
}

function oneOf<T extends string>(value: string | undefined, allowed: readonly T[]): T | undefined {
  return value !== undefined && (allowed as readonly string[]).includes(value) ? (value as T) : undefined;
}

/** The date range part of a query (shared with the Reports view). */
export function rangeFromQuery(query: LocationQuery): Required<Pick<HistoryRange, 'range'>> & HistoryRange {
  const range = oneOf(single(query, 'range'), HISTORY_RANGE_PRESETS) ?? DEFAULT_RANGE;
  if (range !== 'custom') return { range };
  const from = single(query, 'from');
  const to = single(query, 'to');
  return { range, ...(from && DATE_ONLY.test(from) ? { from } : {}), ...(to && DATE_ONLY.test(to) ? { to } : {}) };
}

export function rangeToQuery(range: HistoryRange): LocationQueryRaw {
  if (!range.range || range.range === DEFAULT_RANGE) return {};
  if (range.range !== 'custom') return { range: range.range };
  return { range: 'custom', ...(range.from ? { from: range.from } : {}), ...(range.to ? { to: range.to } : {}) };
}

/** Address bar → the filter the server is asked for. */
export function filterFromQuery(query: LocationQuery): CallLogFilter {
  const filter: CallLogFilter = { ...rangeFromQuery(query) };
  const number = single(query, 'number');
  if (number && DIGITS.test(number)) {
    filter.number = number;
    if (single(query, 'match') === 'prefix') filter.match = 'prefix';
  }
  const direction = oneOf(single(query, 'direction'), CALL_DIRECTIONS);
  if (direction) filter.direction = direction;
  const outcome = oneOf(single(query, 'outcome'), CALL_OUTCOMES);
  if (outcome) filter.outcome = outcome;
  const extension = single(query, 'extension');
  if (extension && SHORT_NAME.test(extension)) filter.extension = extension;
  const queue = single(query, 'queue');
  if (queue && SHORT_NAME.test(queue)) filter.queue = queue;
  const minDuration = Number(single(query, 'minDuration'));
  if (Number.isInteger(minDuration) && minDuration > 0) filter.minDuration = minDuration;
  if (single(query, 'hasRecording') === 'true') filter.hasRecording = true;
  return filter;
}

/** The filter → address bar; the inverse of filterFromQuery for every filter it accepts. */
export function filterToQuery(filter: CallLogFilter): LocationQueryRaw {
  const query: LocationQueryRaw = { ...rangeToQuery(filter) };
  if (filter.number) {
    query.number = filter.number;
    if (filter.match === 'prefix') query.match = 'prefix';
  }
  if (filter.direction) query.direction = filter.direction;
  if (filter.outcome) query.outcome = filter.outcome;
  if (filter.extension) query.extension = filter.extension;
  if (filter.queue) query.queue = filter.queue;
  if (filter.minDuration !== undefined && filter.minDuration > 0) query.minDuration = String(filter.minDuration);
  if (filter.hasRecording) query.hasRecording = 'true';
  return query;
}

export function formFromFilter(filter: CallLogFilter): CallLogFilterForm {
  return {
    range: filter.range ?? DEFAULT_RANGE,
    from: filter.from ?? '',
    to: filter.to ?? '',
    number: filter.number ?? '',
    prefix: filter.match === 'prefix',
    direction: filter.direction ?? '',
    outcome: filter.outcome ?? '',
    extension: filter.extension ?? '',
    queue: filter.queue ?? '',
    minDuration: filter.minDuration === undefined ? '' : String(filter.minDuration),
    hasRecording: filter.hasRecording === true,
  };
}

/**
 * The form → a filter, as typed: values are trimmed but not judged, so a bad number or a
 * duration like "ten" reaches the server and comes back as a 400 next to its field, in the
 * server's words (one set of rules, on the server).
 */
export function filterFromForm(form: CallLogFilterForm): CallLogFilter {
  const filter: CallLogFilter = { range: form.range };
  if (form.range === 'custom') {
    if (form.from) filter.from = form.from;
    if (form.to) filter.to = form.to;
  }
  const number = form.number.replace(/[\s()-]/g, '');
  if (number) {
    filter.number = number;
    if (form.prefix) filter.match = 'prefix';
  }
  if (form.direction) filter.direction = form.direction;
  if (form.outcome) filter.outcome = form.outcome;
  if (form.extension.trim()) filter.extension = form.extension.trim();
  if (form.queue.trim()) filter.queue = form.queue.trim();
  const minDuration = form.minDuration.trim();
  if (minDuration) filter.minDuration = Number(minDuration);
  if (form.hasRecording) filter.hasRecording = true;
  return filter;
}

/** The call to open from the address (`?call=<linkedid>`), e.g. when the live view links here. */
export function openCallFromQuery(query: LocationQuery): string | null {
  const call = single(query, 'call');
  return call && /^[\w.-]{1,64}$/.test(call) ? call : null;
}

/**
 * What the address bar could not carry, said before asking the server: a value the URL mapping
 * would drop must not vanish silently. Everything else (e.g. a range that ends before it starts)
 * is the server's to judge, and its 400 lands next to the same field.
 */
export function formProblems(form: CallLogFilterForm): Partial<Record<keyof CallLogFilter, string>> {
  const problems: Partial<Record<keyof CallLogFilter, string>> = {};
  const number = form.number.replace(/[\s()-]/g, '');
  if (number && !DIGITS.test(number)) problems.number = 'may hold only digits, * and #, with an optional leading +';
  const minDuration = form.minDuration.trim();
  if (minDuration && !/^\d{1,6}$/.test(minDuration)) problems.minDuration = 'must be a whole number of seconds';
  if (form.extension.trim() && !SHORT_NAME.test(form.extension.trim())) problems.extension = 'must be an extension number';
  if (form.queue.trim() && !SHORT_NAME.test(form.queue.trim())) problems.queue = 'must be a queue name without spaces';
  if (form.range === 'custom') {
    if (!DATE_ONLY.test(form.from)) problems.from = 'needs a date';
    if (!DATE_ONLY.test(form.to)) problems.to = 'needs a date';
  }
  return problems;
}
