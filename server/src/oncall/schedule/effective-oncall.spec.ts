import { describe, expect, it } from 'vitest';
import { effectiveOnCall, nextQuarterHour } from './effective-oncall';

const at = (iso: string) => new Date(iso);

describe('effectiveOnCall', () => {
  const shifts = [
    { memberId: 1, start: at('2026-03-25T18:00:00Z'), end: at('2026-03-26T06:00:00Z') },
    { memberId: 2, start: at('2026-03-26T06:00:00Z'), end: at('2026-03-26T16:00:00Z') },
  ];

  it('follows the schedule when nothing overrides it', () => {
    expect(effectiveOnCall(at('2026-03-26T05:59:59Z'), [], shifts)).toEqual({ kind: 'schedule', memberId: 1, until: at('2026-03-26T06:00:00Z'), conflicts: 0 });
    expect(effectiveOnCall(at('2026-03-26T06:00:00Z'), [], shifts)).toMatchObject({ kind: 'schedule', memberId: 2 });
  });

  it('an override wins until it ends, then the schedule takes over again', () => {
    const overrides = [{ memberId: 9, start: at('2026-03-26T02:00:00Z'), end: at('2026-03-26T06:00:00Z') }];
    expect(effectiveOnCall(at('2026-03-26T03:00:00Z'), overrides, shifts)).toMatchObject({ kind: 'override', memberId: 9 });
    expect(effectiveOnCall(at('2026-03-26T06:00:00Z'), overrides, shifts)).toMatchObject({ kind: 'schedule', memberId: 2 });
  });

  it('of two entries at once the earliest start wins, whatever the input order', () => {
    const overlapping = [
      { memberId: 5, start: at('2026-03-26T08:00:00Z'), end: at('2026-03-26T12:00:00Z') },
      ...shifts,
    ];
    expect(effectiveOnCall(at('2026-03-26T09:00:00Z'), [], overlapping)).toMatchObject({ kind: 'schedule', memberId: 2, conflicts: 1 });
    expect(effectiveOnCall(at('2026-03-26T09:00:00Z'), [], [...overlapping].reverse())).toMatchObject({ memberId: 2 });
  });

  it('says nobody when nothing covers the moment (fallback + alert)', () => {
    expect(effectiveOnCall(at('2026-03-27T00:00:00Z'), [], shifts)).toEqual({ kind: 'nobody' });
  });
});

describe('nextQuarterHour', () => {
  it('ticks on :00, :15, :30 and :45', () => {
    expect(new Date(nextQuarterHour(Date.parse('2026-03-26T10:07:12Z'))).toISOString()).toBe('2026-03-26T10:15:00.000Z');
    expect(new Date(nextQuarterHour(Date.parse('2026-03-26T10:45:00Z'))).toISOString()).toBe('2026-03-26T11:00:00.000Z');
  });
});
