import { describe, expect, it } from 'vitest';
import type { CallLogFilter } from '@ondeck/shared';
import type { LocationQuery } from 'vue-router';
import {
  filterFromForm,
  filterFromQuery,
  filterToQuery,
  formFromFilter,
  formProblems,
  openCallFromQuery,
  rangeFromQuery,
} from './history-filter';

/** What the router hands back after a push: every value a string. */
const asLocation = (query: Record<string, unknown>): LocationQuery =>
  Object.fromEntries(Object.entries(query).map(([key, value]) => [key, String(value)]));

describe('call log filter ⇄ URL', () => {
  it('leaves a plain /history plain: the default range is today and no other filter is set', () => {
    expect(filterFromQuery({})).toEqual({ range: 'today' });
    expect(filterToQuery({ range: 'today' })).toEqual({});
  });

  it('round-trips every filter through the address bar', () => {
    const filter: CallLogFilter = {
      range: 'custom',
      from: '2026-12-01',
      to: '2026-12-07',
      number: '+4930',
      match: 'prefix',
      direction: 'inbound',
      outcome: 'abandoned',
      extension: '1002',
      queue: 'support',
      minDuration: 30,
      hasRecording: true,
    };
    expect(filterFromQuery(asLocation(filterToQuery(filter)))).toEqual(filter);
  });

  it('drops the custom dates of a preset range, and an exact match is the default', () => {
    expect(filterToQuery({ range: 'last7', from: '2026-12-01', number: '1001', match: 'exact' })).toEqual({ range: 'last7', number: '1001' });
  });

  it('ignores values an edited link made up instead of sending them', () => {
    const filter = filterFromQuery({ range: 'soon', direction: 'sideways', outcome: 'lost', minDuration: '-5', number: 'drop table', hasRecording: 'yes' });
    expect(filter).toEqual({ range: 'today' });
  });

  it('reads the first of a repeated parameter', () => {
    expect(filterFromQuery({ outcome: ['busy', 'failed'] })).toEqual({ range: 'today', outcome: 'busy' });
  });

  it('keeps only well-formed custom dates', () => {
    expect(rangeFromQuery({ range: 'custom', from: '2026-12-01', to: 'tomorrow' })).toEqual({ range: 'custom', from: '2026-12-01' });
  });

  it('reads the call to open', () => {
    expect(openCallFromQuery({ call: '1765150000.42' })).toBe('1765150000.42');
    expect(openCallFromQuery({ call: '<script>' })).toBeNull();
    expect(openCallFromQuery({})).toBeNull();
  });
});

describe('call log filter form', () => {
  it('turns what was typed into a filter and back', () => {
    const form = formFromFilter({ range: 'yesterday', number: '1001', match: 'prefix', minDuration: 10 });
    expect(form.prefix).toBe(true);
    expect(form.minDuration).toBe('10');
    expect(filterFromForm({ ...form, number: ' (030) 123-45 ' })).toEqual({ range: 'yesterday', number: '03012345', match: 'prefix', minDuration: 10 });
  });

  it('names each field the address bar could not carry', () => {
    const form = { ...formFromFilter({ range: 'custom', from: '2026-12-01' }), number: '12a', minDuration: 'ten' };
    expect(formProblems(form)).toEqual({
      number: 'may hold only digits, * and #, with an optional leading +',
      minDuration: 'must be a whole number of seconds',
      to: 'needs a date',
    });
    expect(formProblems(formFromFilter({ range: 'today', number: '+49301234' }))).toEqual({});
  });
});
